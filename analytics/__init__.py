"""Poverty depth and severity analytics over the integrated registers of Kota Bontang."""
