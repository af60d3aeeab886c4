import numpy as np
import pandas as pd

from geo.matching import match_features


def kodes(report):
    return [(match.kode, match.method) for match in report.matches]


def test_codes_in_any_spelling_match():
    table = pd.DataFrame({"KD": ["64.74.01.1001", "6474011002", 6474011003, 6474011004.0, " 64 74 01 1005 "]})
    assert kodes(match_features(table)) == [
        ("64.74.01.1001", "kode"),
        ("64.74.01.1002", "kode"),
        ("64.74.01.1003", "kode"),
        ("64.74.01.1004", "kode"),
        ("64.74.01.1005", "kode"),
    ]


def test_names_with_unit_prefix_match():
    table = pd.DataFrame({"nama": ["KELURAHAN LOKTUAN", "Kel. Api-api", "Desa Kanaan"]})
    assert kodes(match_features(table)) == [
        ("64.74.01.1003", "nama"),
        ("64.74.01.1006", "nama"),
        ("64.74.03.1003", "nama"),
    ]


def test_code_wins_over_name_and_the_conflict_is_reported():
    table = pd.DataFrame({"kode": ["64.74.01.1001"], "nama": ["Bontang Baru"]})
    report = match_features(table)
    assert kodes(report) == [("64.74.01.1001", "kode")]
    assert len(report.conflicts) == 1
    assert report.conflicts[0].kode_by_name == "64.74.01.1002"
    assert "kode yang dipakai" in report.summary()


def test_bps_codes_are_not_taken_for_kemendagri_codes():
    # BPS numbers kelurahan 6474010001...; read as Kemendagri that would be 64.74.01.0001.
    table = pd.DataFrame({"IDDESA": ["6474010001"], "NAMA": ["Satimpo"]})
    assert kodes(match_features(table)) == [("64.74.02.1004", "nama")]


def test_the_attribute_matching_most_rows_is_tried_first():
    table = pd.DataFrame(
        {
            "catatan": ["lihat 6474011006", None, None],
            "KODE": ["64.74.01.1001", "64.74.01.1002", "64.74.01.1003"],
        }
    )
    report = match_features(table)
    assert kodes(report)[0] == ("64.74.01.1001", "kode")
    assert {match.attribute for match in report.matches} == {"KODE"}


def test_unmatched_rows_keep_their_attributes_as_plain_values():
    table = pd.DataFrame({"nama": ["Bontang Baru", "Pulau Entah"], "luas": [2.1, np.nan]})
    report = match_features(table)
    assert [u.attributes for u in report.unmatched] == [{"nama": "Pulau Entah", "luas": None}]
    assert len(report.missing) == 14
    assert not report.complete
