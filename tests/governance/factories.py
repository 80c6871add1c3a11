"""factory_boy factories for governance rows that tests need in numbers."""

import factory

from governance.models import Organization, OrganizationKind, Person, Province, Region


class RegionFactory(factory.django.DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "03"
    name = "Lombardia"


class ProvinceFactory(factory.django.DjangoModelFactory[Province]):
    class Meta:
        model = Province
        django_get_or_create = ("code",)

    code = "019"
    name = "Cremona"
    abbreviation = "CR"
    region = factory.SubFactory(RegionFactory)


class ComuneFactory(factory.django.DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    kind = OrganizationKind.COMUNE
    name = factory.Sequence(lambda n: f"Comune di prova {n:04d}")
    istat_code = factory.Sequence(lambda n: f"{900000 + n:06d}")
    cadastral_code = factory.Sequence(lambda n: f"Z{n % 1000:03d}")
    province = factory.SubFactory(ProvinceFactory)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    given_name = factory.Sequence(lambda n: f"Nome{n}")
    family_name = factory.Sequence(lambda n: f"Cognome{n}")
