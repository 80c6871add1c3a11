"""Serializers of the territorial profile's API: the same areas, bands and indices as the pages."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from territory.selectors import LEVELS


def region_filter() -> serializers.RegexField:
    """The region filter every territorial list takes."""
    return serializers.RegexField(
        r"^\d{2}$", required=False, help_text=_("Codice ISTAT della regione, 2 cifre (03: Lombardia).")
    )


class ProfileFilterSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(
        choices=sorted(LEVELS),
        default="ambito",
        help_text=_("comune, sub_ambito, ambito, provincia o regione"),
    )
    year = serializers.IntegerField(
        required=False,
        min_value=1900,
        max_value=2100,
        help_text=_("Anno della data (1° gennaio); la più recente se manca."),
    )
    region = region_filter()
    search = serializers.CharField(required=False, allow_blank=True, max_length=100)


class YearFilterSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2100)


class IndexSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    formula = serializers.CharField()


class BandsSerializer(serializers.Serializer[Any]):
    under15 = serializers.IntegerField()
    age15_64 = serializers.IntegerField()
    over65 = serializers.IntegerField()
    over75 = serializers.IntegerField()
    minors = serializers.IntegerField()
    total = serializers.IntegerField()


class AreaSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    residents = serializers.IntegerField()
    bands = BandsSerializer()
    indices = serializers.DictField(
        child=serializers.DecimalField(
            max_digits=12, decimal_places=2, allow_null=True, coerce_to_string=True
        ),
        help_text=_("Codice dell'indice → valore (null se il denominatore è zero)."),
    )


class DatasetSerializer(serializers.Serializer[Any]):
    reference_date = serializers.DateField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named "source", not Field.source
    licence = serializers.CharField()
    unknown_codes = serializers.DictField(
        child=serializers.IntegerField(), help_text=_("Codici che il registro non conosce → residenti.")
    )


class AreaListSerializer(serializers.Serializer[Any]):
    dataset = DatasetSerializer()
    level = serializers.CharField()
    count = serializers.IntegerField()
    results = AreaSerializer(many=True)


class PyramidRowSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label", not Field.label
    males = serializers.IntegerField()
    females = serializers.IntegerField()


class TrendRowSerializer(serializers.Serializer[Any]):
    reference_date = serializers.DateField()
    residents = serializers.IntegerField(allow_null=True)


class AreaDetailSerializer(serializers.Serializer[Any]):
    dataset = DatasetSerializer()
    level = serializers.CharField()
    area = AreaSerializer()
    pyramid = PyramidRowSerializer(many=True)
    trend = TrendRowSerializer(many=True)
