from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from sinergi.core.models import User
from sinergi.partners.metrics import metric_source_register
from sinergi.partners.models import Agreement, Commitment, FocusKind, Organisation
from sinergi.partners.selectors import (
    AgreementFilters,
    OrganisationFilters,
    agreement_list,
    commitment_list,
    commitment_progress,
    organisation_list,
)
from tests.partners.factories import (
    CommitmentFactory,
    OrganisationFactory,
    agreement_between,
    focus,
    footprint,
    report,
    set_regions,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db: None) -> dict[str, Organisation]:
    """Three partners with distinct passions and footprints, and an archived one."""
    napza = OrganisationFactory.create(name="PT Pulih Bersama", type="private_company")
    focus(napza, FocusKind.SECTOR, "rehabilitasi_sosial", "kesehatan")
    focus(napza, FocusKind.TARGET_GROUP, "NAPZA")
    footprint(napza, "35.78", "35.25")
    school = OrganisationFactory.create(name="Yayasan Pintar", type="foundation", short_name="YP")
    focus(school, FocusKind.SECTOR, "pendidikan")
    focus(school, FocusKind.TARGET_GROUP, "AT")
    focus(school, FocusKind.SDG, "SDG4")
    footprint(school, "53")  # the whole province of Nusa Tenggara Timur
    elderly = OrganisationFactory.create(name="PT Sinar Lansia", type="private_company")
    focus(elderly, FocusKind.TARGET_GROUP, "LUT")
    footprint(elderly, "64.03.01")  # one district in Berau
    ministry = OrganisationFactory.create(
        name="Kementerian Sosial", type="ministry", nationwide=True
    )
    ministry.verified_at = timezone.now()
    ministry.save()
    archived = OrganisationFactory.create(name="Yayasan Lama", type="foundation")
    archived.archived_at = timezone.now()
    archived.save()
    footprint(archived, "53")
    return {"napza": napza, "school": school, "elderly": elderly, "ministry": ministry}


def names(filters: OrganisationFilters) -> list[str]:
    return [o.name for o in organisation_list(filters=filters)]


class TestDirectory:
    def test_archived_organisations_are_not_listed(
        self, directory: dict[str, Organisation]
    ) -> None:
        assert names(OrganisationFilters()) == [
            "Kementerian Sosial",
            "PT Pulih Bersama",
            "PT Sinar Lansia",
            "Yayasan Pintar",
        ]

    @pytest.mark.parametrize(
        ("filters", "expected"),
        [
            (OrganisationFilters(type="foundation"), ["Yayasan Pintar"]),
            (OrganisationFilters(sector="pendidikan"), ["Yayasan Pintar"]),
            (OrganisationFilters(target_group="NAPZA"), ["PT Pulih Bersama"]),
            (OrganisationFilters(sdg="SDG4"), ["Yayasan Pintar"]),
            (OrganisationFilters(q="pulih"), ["PT Pulih Bersama"]),
            (OrganisationFilters(q="yp"), ["Yayasan Pintar"]),  # the short name
            (OrganisationFilters(verified=True), ["Kementerian Sosial"]),
            (
                OrganisationFilters(type="private_company", target_group="LUT"),
                ["PT Sinar Lansia"],
            ),
            (OrganisationFilters(sector="pendidikan", target_group="NAPZA"), []),
        ],
    )
    def test_filters_combine(
        self,
        directory: dict[str, Organisation],
        filters: OrganisationFilters,
        expected: list[str],
    ) -> None:
        assert names(filters) == expected

    @pytest.mark.parametrize(
        ("region", "expected"),
        [
            # a regency inside a province-wide footprint
            ("53.02", ["Kementerian Sosial", "Yayasan Pintar"]),
            # a province containing a regency of the footprint
            ("35", ["Kementerian Sosial", "PT Pulih Bersama"]),
            # the regency above a district of the footprint, and the district itself
            ("64.03", ["Kementerian Sosial", "PT Sinar Lansia"]),
            ("64.03.01", ["Kementerian Sosial", "PT Sinar Lansia"]),
            # a neighbouring district is not covered by a one-district footprint
            ("64.03.02", ["Kementerian Sosial"]),
            ("32.73", ["Kementerian Sosial"]),
        ],
    )
    def test_the_region_filter_finds_who_works_there(
        self, directory: dict[str, Organisation], region: str, expected: list[str]
    ) -> None:
        assert names(OrganisationFilters(region=region)) == expected

    def test_a_page_costs_the_same_queries_however_long(
        self, directory: dict[str, Organisation], django_assert_max_num_queries: object
    ) -> None:
        for index in range(20):
            extra = OrganisationFactory.create(name=f"Mitra Tambahan {index}")
            focus(extra, FocusKind.SECTOR, "ekonomi")
            footprint(extra, "32.73", "32.04")
        with django_assert_max_num_queries(3):  # type: ignore[operator]
            page = list(organisation_list(filters=OrganisationFilters()))
            labels = [
                (f.key, fp.region.name)
                for o in page
                for f in o.focus.all()
                for fp in o.footprint.all()
            ]
        assert len(page) == 24 and labels


class TestAgreementVisibility:
    def test_each_persona_sees_its_agreements(
        self,
        nadia: User,
        rahmat: User,
        citra: User,
        alice: User,
        charlie: User,
        agreement_a: Agreement,
        mitra_b: Organisation,
        kemensos: Organisation,
    ) -> None:
        in_surabaya = agreement_between(kemensos, mitra_b)
        set_regions(in_surabaya, "35.78")
        province_wide = agreement_between(kemensos, mitra_b)
        set_regions(province_wide, "32")

        def seen(user: User) -> set[int]:
            return {a.pk for a in agreement_list(user=user, filters=AgreementFilters())}

        assert seen(nadia) == {agreement_a.pk, in_surabaya.pk, province_wide.pk}
        assert seen(alice) == {agreement_a.pk}  # her organisation is a party
        assert seen(charlie) == {in_surabaya.pk, province_wide.pk}
        # rahmat (Jawa Barat): Bandung's agreement, and the one covering all of Jawa Barat
        assert seen(rahmat) == {agreement_a.pk, province_wide.pk}
        # citra (Jawa Timur): the Surabaya one, and Mitra B is registered in Surabaya
        assert seen(citra) == {in_surabaya.pk, province_wide.pk}

    def test_filters(self, nadia: User, agreement_a: Agreement, mitra_b: Organisation) -> None:
        def found(**filters: object) -> list[int]:
            return [
                a.pk
                for a in agreement_list(user=nadia, filters=AgreementFilters(**filters))  # type: ignore[arg-type]
            ]

        assert found(organisation=mitra_b.pk) == []
        assert found(region="32") == [agreement_a.pk]
        assert found(region="35") == []
        assert found(status="active", q=agreement_a.title[:8]) == [agreement_a.pk]
        assert found(status="draft") == []


class TestCommitmentProgress:
    def test_progress_is_the_latest_reported_cumulative_value(self, agreement_a: Agreement) -> None:
        commitment: Commitment = CommitmentFactory.create(
            agreement=agreement_a,
            target=Decimal(80),
            # Not overdue whenever the suite runs (a fixed date would be overdue one day).
            deadline=timezone.localdate() + timedelta(days=365),
        )
        report(commitment, 20, days_ago=90)
        report(commitment, 50, days_ago=10)
        report(commitment, 35, days_ago=30)  # entered late, but older: does not count
        [loaded] = commitment_list(agreement=agreement_a)
        progress = commitment_progress([loaded])[commitment.pk]
        assert progress.value == Decimal(50)
        assert progress.percent == 62  # 50 / 80, rounded down
        assert progress.as_of == timezone.localdate() - timedelta(days=10)
        assert not progress.achieved and not progress.overdue and not progress.computed

    def test_reaching_the_target_caps_the_bar_and_missing_the_deadline_shows(
        self, agreement_a: Agreement
    ) -> None:
        reached: Commitment = CommitmentFactory.create(agreement=agreement_a, target=Decimal(10))
        late: Commitment = CommitmentFactory.create(
            agreement=agreement_a, target=Decimal(10), deadline=date(2020, 1, 1)
        )
        report(reached, 12)
        report(late, 3)
        progress = commitment_progress(commitment_list(agreement=agreement_a))
        assert progress[reached.pk].percent == 100 and progress[reached.pk].achieved
        assert progress[late.pk].overdue and progress[late.pk].percent == 30

    def test_a_registered_source_computes_progress_for_the_whole_batch(
        self, agreement_a: Agreement, django_assert_max_num_queries: object
    ) -> None:
        first: Commitment = CommitmentFactory.create(agreement=agreement_a, metric="people_reached")
        second: Commitment = CommitmentFactory.create(
            agreement=agreement_a, metric="people_reached"
        )
        report(first, 99)  # a report is history once the records speak
        calls: list[list[int]] = []

        def source(commitments: Sequence[Commitment]) -> Mapping[int, Decimal]:
            calls.append([c.pk for c in commitments])
            return {first.pk: Decimal(40)}

        metric_source_register("people_reached", source)  # into this test's empty registry
        progress = commitment_progress(commitment_list(agreement=agreement_a))
        assert calls == [[first.pk, second.pk]]
        assert progress[first.pk].value == Decimal(40) and progress[first.pk].computed
        assert progress[second.pk].value == Decimal(0)

    def test_commitments_load_in_a_fixed_number_of_queries(
        self, agreement_a: Agreement, django_assert_max_num_queries: object
    ) -> None:
        for _ in range(8):
            report(CommitmentFactory.create(agreement=agreement_a, region_id="32.73"), 5)
        with django_assert_max_num_queries(2):  # type: ignore[operator]
            loaded = commitment_list(agreement=agreement_a)
            commitment_progress(loaded)
            [c.region.name for c in loaded if c.region]
