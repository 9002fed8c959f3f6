"""Pasar KUBE pages, mounted at ``/pasar/``."""

from django.urls import path

from sinergi.kube import market_views as views

app_name = "pasar"
urlpatterns = [
    path("", views.catalogue_page, name="catalogue"),
    path("produk/<rowid:product_id>/", views.product_page, name="product"),
    path(
        "produk/<rowid:product_id>/foto/<rowid:photo_id>.png",
        views.product_photo,
        name="product-photo",
    ),
    path("produk/<rowid:product_id>/ubah/", views.product_edit_page, name="product-edit"),
    path(
        "produk/<rowid:product_id>/foto/<rowid:photo_id>/hapus/",
        views.product_photo_delete,
        name="product-photo-delete",
    ),
    path("daftar/", views.buyer_signup, name="signup"),
    path("pesanan/", views.order_list_page, name="orders"),
    path("pesanan/<rowid:order_id>/", views.order_detail_page, name="order-detail"),
    path("kelompok/", views.seller_groups_page, name="groups"),
    path("kelompok/<rowid:group_id>/", views.group_products_page, name="group-products"),
    path("kelompok/<rowid:group_id>/buku-kas/", views.ledger_page, name="ledger"),
]
