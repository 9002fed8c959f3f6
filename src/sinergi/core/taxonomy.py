"""Shared vocabularies of Indonesian social welfare (see docs/domain-vocabularies.md).

Every app speaks these keys: PPKS target groups, PSKS resources, the ministry's functions,
partner sectors, government programmes and the SDGs. Official names are kept verbatim in
Indonesian with an English gloss; ``Term.label`` picks the one for the active language, so
the official wording is never lost in translation. Version: ``permensos-8-2012``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation

TAXONOMY_VERSION = "permensos-8-2012"


@dataclass(frozen=True)
class Term:
    key: str
    name_id: str
    name_en: str

    @property
    def label(self) -> str:
        language = translation.get_language() or "id"
        return self.name_en if language.startswith("en") else self.name_id


@dataclass(frozen=True)
class TargetGroup(Term):
    """A PPKS category. ``sensitive`` marks specific personal data under UU 27/2022 Art. 4
    (health, criminal record, children) and disability (UU 24/2013 Art. 84): aggregate-only,
    with small counts suppressed on public views."""

    criterion: str = ""
    atensi_cluster: str = ""
    sensitive: bool = False


def _ppks(
    key: str, name_id: str, name_en: str, criterion: str, cluster: str, sensitive: bool = False
) -> TargetGroup:
    return TargetGroup(key, name_id, name_en, criterion, cluster, sensitive)


# Permensos 8/2012 order (domain.md §1.2).
PPKS: tuple[TargetGroup, ...] = (
    _ppks("ABT", "Anak Balita Terlantar", "Neglected toddler", "ketelantaran", "anak", True),
    _ppks("AT", "Anak Terlantar", "Neglected child", "ketelantaran", "anak", True),
    _ppks(
        "ABH",
        "Anak yang Berhadapan dengan Hukum",
        "Child in contact with the law",
        "penyimpangan perilaku",
        "anak",
        True,
    ),
    _ppks("AJ", "Anak Jalanan", "Street child", "ketelantaran", "anak", True),
    _ppks("ADK", "Anak dengan Kedisabilitasan", "Child with disability", "kecacatan", "anak", True),
    _ppks(
        "AKTK",
        "Anak yang menjadi Korban Tindak Kekerasan atau Diperlakukan Salah",
        "Child victim of violence or abuse",
        "korban kekerasan",
        "anak",
        True,
    ),
    _ppks(
        "AMPK",
        "Anak yang Memerlukan Perlindungan Khusus",
        "Child in need of special protection",
        "korban / diskriminasi",
        "anak",
        True,
    ),
    _ppks("LUT", "Lanjut Usia Terlantar", "Neglected elderly person", "ketelantaran", "lansia"),
    _ppks(
        "PD", "Penyandang Disabilitas", "Person with disability", "kecacatan", "disabilitas", True
    ),
    _ppks("TS", "Tuna Susila", "Commercial sex worker", "ketunaan sosial", "tuna_sosial", True),
    _ppks("GLD", "Gelandangan", "Homeless vagrant", "ketunaan sosial", "tuna_sosial"),
    _ppks("PGM", "Pengemis", "Beggar", "ketunaan sosial", "tuna_sosial"),
    _ppks("PML", "Pemulung", "Scavenger / waste picker", "kemiskinan", "tuna_sosial"),
    _ppks("KMIN", "Kelompok Minoritas", "Minority group", "diskriminasi", "tuna_sosial", True),
    _ppks(
        "BWBLP",
        "Bekas Warga Binaan Lembaga Pemasyarakatan",
        "Ex-prisoner",
        "penyimpangan perilaku",
        "tuna_sosial",
        True,
    ),
    _ppks("ODHA", "Orang dengan HIV/AIDS", "Person living with HIV/AIDS", "diskriminasi", "", True),
    _ppks(
        "NAPZA",
        "Korban Penyalahgunaan NAPZA",
        "Victim of drug/substance abuse",
        "penyimpangan perilaku",
        "napza",
        True,
    ),
    _ppks(
        "KTR",
        "Korban Trafficking (Perdagangan Orang)",
        "Trafficking victim",
        "korban eksploitasi",
        "tuna_sosial",
        True,
    ),
    _ppks(
        "KTK", "Korban Tindak Kekerasan", "Victim of violence", "korban kekerasan", "tuna_sosial"
    ),
    _ppks(
        "PMBS",
        "Pekerja Migran Bermasalah Sosial",
        "Migrant worker with social problems",
        "korban eksploitasi",
        "tuna_sosial",
    ),
    _ppks("KBA", "Korban Bencana Alam", "Natural-disaster victim", "korban bencana", "bencana"),
    _ppks("KBS", "Korban Bencana Sosial", "Social-disaster victim", "korban bencana", "bencana"),
    _ppks(
        "PRSE",
        "Perempuan Rawan Sosial Ekonomi",
        "Socio-economically vulnerable woman",
        "kemiskinan",
        "",
    ),
    _ppks("FM", "Fakir Miskin", "Poor / destitute", "kemiskinan", ""),
    _ppks(
        "KBSP",
        "Keluarga Bermasalah Sosial Psikologis",
        "Family with psychosocial problems",
        "penyimpangan perilaku",
        "",
    ),
    _ppks("KAT", "Komunitas Adat Terpencil", "Remote indigenous community", "keterpencilan", ""),
)

# Social-welfare resources: actors, not beneficiaries (domain.md §2).
PSKS: tuple[Term, ...] = (
    Term("PEKSOS", "Pekerja Sosial Profesional", "Professional social worker"),
    Term("PSM", "Pekerja Sosial Masyarakat", "Community social worker"),
    Term("TAGANA", "Taruna Siaga Bencana", "Disaster-response volunteer corps"),
    Term("LKS", "Lembaga Kesejahteraan Sosial", "Social-welfare institution"),
    Term("KARTAR", "Karang Taruna", "Village youth organisation"),
    Term("LK3", "Lembaga Konsultasi Kesejahteraan Keluarga", "Family-welfare counselling"),
    Term("KEL_PIONER", "Keluarga Pioner", "Pioneer family"),
    Term(
        "WKSBM",
        "Wahana Kesejahteraan Sosial Berbasis Masyarakat",
        "Community-based social-welfare network",
    ),
    Term("WPKS", "Wanita Pemimpin Kesejahteraan Sosial", "Women social-welfare leaders"),
    Term("PENYULUH", "Penyuluh Sosial", "Social extension worker"),
    Term("TKSK", "Tenaga Kesejahteraan Sosial Kecamatan", "Sub-district social-welfare worker"),
    Term("DUNIA_USAHA", "Dunia Usaha", "Business sector"),
)

# The ministry's functions (UU 11/2009, PP 39/2012, UU 13/2011; domain.md §3).
FUNCTIONS: tuple[Term, ...] = (
    Term("perlindungan_sosial", "Perlindungan Sosial", "Social protection"),
    Term("jaminan_sosial", "Jaminan Sosial", "Social security"),
    Term("penanganan_fakir_miskin", "Penanganan Fakir Miskin", "Handling the poor"),
    Term("rehabilitasi_sosial", "Rehabilitasi Sosial", "Social rehabilitation"),
    Term("pemberdayaan_sosial", "Pemberdayaan Sosial", "Social empowerment"),
)

# What partners work on: the functions plus the sectors CSR and philanthropy fund.
SECTORS: tuple[Term, ...] = (
    *FUNCTIONS,
    Term("pendidikan", "Pendidikan", "Education"),
    Term("kesehatan", "Kesehatan", "Health"),
    Term("ekonomi", "Pemberdayaan Ekonomi", "Economic empowerment"),
    Term("bencana", "Penanggulangan Bencana", "Disaster management"),
    Term("lingkungan", "Lingkungan Hidup", "Environment"),
    Term("infrastruktur", "Infrastruktur Dasar", "Basic infrastructure"),
    Term("air_sanitasi", "Air Bersih dan Sanitasi", "Water and sanitation"),
)

# Government programmes an intervention can complement (domain.md §3.1).
PROGRAMMES: tuple[Term, ...] = (
    Term("PKH", "Program Keluarga Harapan", "Conditional cash transfer (PKH)"),
    Term("RASTRA", "Beras Sejahtera", "Rice for poor households (Rastra)"),
    Term("BPNT", "Bantuan Pangan Non Tunai", "Non-cash food assistance (BPNT)"),
    Term("SEMBAKO", "Program Sembako", "Food basket programme (Sembako)"),
    Term("EWARONG", "e-Warong KUBE-PKH", "e-Warong outlets"),
    Term("ATENSI", "Asistensi Rehabilitasi Sosial", "Social rehabilitation assistance (ATENSI)"),
    Term("KUBE", "Kelompok Usaha Bersama", "Joint business groups (KUBE)"),
    Term("UEP", "Usaha Ekonomi Produktif", "Productive economic enterprise (UEP)"),
    Term(
        "RUTILAHU",
        "Rehabilitasi Sosial Rumah Tidak Layak Huni",
        "Repair of uninhabitable houses (Rutilahu)",
    ),
    Term("PROKUS", "Program Kewirausahaan Sosial", "Social entrepreneurship (ProKUS)"),
    Term("PENA", "Pahlawan Ekonomi Nusantara", "Graduation entrepreneurship (PENA)"),
    Term("SPM_SOS", "Standar Pelayanan Minimal Bidang Sosial", "Minimum social service standards"),
)

SDGS: tuple[Term, ...] = tuple(
    Term(f"SDG{number}", name_id, name_en)
    for number, name_id, name_en in (
        (1, "Tanpa Kemiskinan", "No poverty"),
        (2, "Tanpa Kelaparan", "Zero hunger"),
        (3, "Kehidupan Sehat dan Sejahtera", "Good health and well-being"),
        (4, "Pendidikan Berkualitas", "Quality education"),
        (5, "Kesetaraan Gender", "Gender equality"),
        (6, "Air Bersih dan Sanitasi Layak", "Clean water and sanitation"),
        (7, "Energi Bersih dan Terjangkau", "Affordable and clean energy"),
        (8, "Pekerjaan Layak dan Pertumbuhan Ekonomi", "Decent work and economic growth"),
        (9, "Industri, Inovasi dan Infrastruktur", "Industry, innovation and infrastructure"),
        (10, "Berkurangnya Kesenjangan", "Reduced inequalities"),
        (11, "Kota dan Permukiman yang Berkelanjutan", "Sustainable cities and communities"),
        (
            12,
            "Konsumsi dan Produksi yang Bertanggung Jawab",
            "Responsible consumption and production",
        ),
        (13, "Penanganan Perubahan Iklim", "Climate action"),
        (14, "Ekosistem Lautan", "Life below water"),
        (15, "Ekosistem Daratan", "Life on land"),
        (
            16,
            "Perdamaian, Keadilan dan Kelembagaan yang Tangguh",
            "Peace, justice and strong institutions",
        ),
        (17, "Kemitraan untuk Mencapai Tujuan", "Partnerships for the goals"),
    )
)

PPKS_BY_KEY = {group.key: group for group in PPKS}
SENSITIVE_PPKS = frozenset(group.key for group in PPKS if group.sensitive)


def choices(terms: tuple[Term, ...]) -> list[tuple[str, str]]:
    """(key, label) pairs for model and form choices, in the active language at call time."""
    return [(term.key, term.label) for term in terms]
