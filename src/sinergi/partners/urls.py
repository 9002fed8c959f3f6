from django.urls import path, register_converter

from sinergi.partners import agreement_views, token_views, views


class RowIdConverter:
    """A database id: at most 18 digits, so no address can overflow a 64-bit integer."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(RowIdConverter, "rowid")

app_name = "partners"
urlpatterns = [
    path("mitra/", views.organisation_directory, name="organisation-list"),
    path("mitra/baru/", views.organisation_create_page, name="organisation-create"),
    path("mitra/saya/", views.my_organisation, name="my-organisation"),
    path("mitra/impor/", views.organisation_import_page, name="organisation-import"),
    path("mitra/undangan/<str:token>/", views.invitation_accept_page, name="invitation-accept"),
    path("mitra/<rowid:organisation_id>/", views.organisation_detail, name="organisation-detail"),
    path(
        "mitra/<rowid:organisation_id>/ubah/",
        views.organisation_update_page,
        name="organisation-update",
    ),
    path(
        "mitra/<rowid:organisation_id>/verifikasi/",
        views.organisation_verify_page,
        name="organisation-verify",
    ),
    path(
        "mitra/<rowid:organisation_id>/arsipkan/",
        views.organisation_archive_page,
        name="organisation-archive",
    ),
    path("mitra/<rowid:organisation_id>/logo/", views.organisation_logo, name="organisation-logo"),
    path(
        "mitra/<rowid:organisation_id>/riwayat/",
        views.organisation_history_page,
        name="organisation-history",
    ),
    path("mitra/<rowid:organisation_id>/kontak/", views.contact_add_page, name="contact-create"),
    path(
        "mitra/<rowid:organisation_id>/kontak/<rowid:contact_id>/hapus/",
        views.contact_remove_page,
        name="contact-delete",
    ),
    path("mitra/<rowid:organisation_id>/tim/", views.team_page, name="organisation-team"),
    path(
        "mitra/<rowid:organisation_id>/tim/token/",
        token_views.token_create_page,
        name="token-create",
    ),
    path(
        "mitra/<rowid:organisation_id>/tim/token/<rowid:token_id>/cabut/",
        token_views.token_revoke_page,
        name="token-revoke",
    ),
    path(
        "mitra/<rowid:organisation_id>/tim/<rowid:user_id>/peran/",
        views.member_role_page,
        name="member-update",
    ),
    path(
        "mitra/<rowid:organisation_id>/tim/<rowid:user_id>/keluarkan/",
        views.member_remove_page,
        name="member-delete",
    ),
    path(
        "mitra/<rowid:organisation_id>/undangan/<rowid:invitation_id>/batal/",
        views.invitation_revoke_page,
        name="invitation-delete",
    ),
    path("kesepakatan/", agreement_views.agreement_list_page, name="agreement-list"),
    path("kesepakatan/baru/", agreement_views.agreement_create_page, name="agreement-create"),
    path("kesepakatan/peringatan/", agreement_views.alerts_page, name="alert-list"),
    path(
        "kesepakatan/<rowid:agreement_id>/",
        agreement_views.agreement_detail_page,
        name="agreement-detail",
    ),
    path(
        "kesepakatan/<rowid:agreement_id>/ubah/",
        agreement_views.agreement_update_page,
        name="agreement-update",
    ),
    path(
        "kesepakatan/<rowid:agreement_id>/status/",
        agreement_views.agreement_status_page,
        name="agreement-status",
    ),
    path(
        "kesepakatan/<rowid:agreement_id>/komitmen/",
        agreement_views.commitment_create_page,
        name="commitment-create",
    ),
    path(
        "kesepakatan/komitmen/<rowid:commitment_id>/ubah/",
        agreement_views.commitment_update_page,
        name="commitment-update",
    ),
    path(
        "kesepakatan/komitmen/<rowid:commitment_id>/kemajuan/",
        agreement_views.progress_create_page,
        name="progress-create",
    ),
    path(
        "kesepakatan/<rowid:agreement_id>/dokumen/",
        agreement_views.document_upload_page,
        name="document-create",
    ),
    path(
        "kesepakatan/<rowid:agreement_id>/dokumen/<rowid:document_id>/",
        agreement_views.document_download,
        name="document-download",
    ),
    path(
        "kesepakatan/<rowid:agreement_id>/dokumen/<rowid:document_id>/hapus/",
        agreement_views.document_remove_page,
        name="document-delete",
    ),
]
