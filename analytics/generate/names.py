"""Synthetic Indonesian personal names for the demo registers (no real person)."""

import numpy as np

MALE_FIRST = (
    "Ahmad Muhammad Budi Agus Andi Rahmat Syamsul Hendra Joko Yusuf Arif Dedi Rudi Hasan "
    "Irwan Bambang Slamet Darmawan Fadli Hamzah Iwan Jamal Kadir Lukman Mansur Nasrul Rizal "
    "Safrudin Taufik Umar Wahyu Yanto Zainal Abdul Bahtiar Dani Eko Faisal Gunawan Haris "
    "Ilham Junaidi Kamaruddin Marwan Nurdin Rusdi Sudirman Tamrin Usman Arman Baharuddin"
).split()
FEMALE_FIRST = (
    "Siti Nur Sri Dewi Ani Rina Wati Fitri Ratna Yuni Hasna Marlina Aisyah Bunga Citra Dian "
    "Erna Fatimah Gita Hartini Indah Juwita Kartini Lestari Mariam Nurul Puspita Rahmawati "
    "Sartika Tuti Umi Wahyuni Yanti Zahra Asmah Badriah Darmawati Endang Hajrah Irma Jumiati "
    "Kasmawati Lina Murni Nani Rosmini Suryani Titin Warda Hasnah"
).split()
FAMILY = (
    "Saputra Hidayat Wijaya Pratama Setiawan Kurniawan Rahman Syahputra Lestari Handayani "
    "Sari Rahayu Nugroho Santoso Hakim Siregar Lubis Nasution Daeng Pasau Baso Tahir Idris "
    "Mappiasse Latif Salim Amir Basri Said Hamid Jufri Karim Maulana Ramadhan Firmansyah "
    "Susanto Purnomo Sulaiman Wibowo Gani Anwar Syarif Ismail Muslimin Natsir Arifin"
).split()


def draw_names(rng: np.random.Generator, is_female: np.ndarray) -> np.ndarray:
    """One full name per person: first name by sex, then one or two further names."""
    n = len(is_female)
    first = np.where(
        is_female,
        np.array(FEMALE_FIRST, dtype=object)[rng.integers(0, len(FEMALE_FIRST), n)],
        np.array(MALE_FIRST, dtype=object)[rng.integers(0, len(MALE_FIRST), n)],
    )
    middle_pool = np.array(MALE_FIRST + FEMALE_FIRST, dtype=object)
    middle = middle_pool[rng.integers(0, len(middle_pool), n)]
    last = np.array(FAMILY, dtype=object)[rng.integers(0, len(FAMILY), n)]
    form = rng.random(n)
    three = first + " " + middle + " " + last
    two = first + " " + last
    return np.where(form < 0.35, three, np.where(form < 0.9, two, first)).astype(object)
