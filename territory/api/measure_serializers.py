"""Serializers of the indicators' API: the same definitions, values per area (suppressed counts as null with a flag)
and import records as the pages."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from territory.api.serializers import region_filter
from territory.selectors import LEVELS

API_KINDS = {"indicator": "indicatore", "ratio": "rapporto", "composite": "composito"}


class MeasureSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=sorted(API_KINDS))
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    unit = serializers.CharField(help_text=_("Unità di misura; «punteggio» per un indice composito."))
    ambito = serializers.IntegerField(
        allow_null=True, help_text=_("L'ambito che lo cura; null se nazionale.")
    )
    definition = serializers.CharField(
        help_text=_("Fonte e licenza, formula o componenti, come nelle pagine.")
    )
    people_assisted = serializers.BooleanField(
        help_text=_("Conta persone assistite: i valori piccoli sono oscurati.")
    )
    years = serializers.ListField(child=serializers.IntegerField())


class MeasureFilterSerializer(serializers.Serializer[Any]):
    level = serializers.ChoiceField(choices=sorted(LEVELS), default="comune")
    year = serializers.IntegerField(
        required=False,
        min_value=1861,
        max_value=2200,
        help_text=_("L'anno; il più recente con valori se manca."),
    )
    region = region_filter()


class ValueSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    value = serializers.DecimalField(
        max_digits=24,
        decimal_places=4,
        allow_null=True,
        coerce_to_string=True,
        help_text=_("null se manca o se è oscurato (vedi «suppressed»)."),
    )
    suppressed = serializers.BooleanField(
        help_text=_("Conteggio di persone assistite sotto la soglia: non mostrato.")
    )
    comuni = serializers.IntegerField(help_text=_("Comuni dell'area con un valore (indicatori)."))


class MeasureValuesSerializer(serializers.Serializer[Any]):
    measure = MeasureSerializer()
    level = serializers.CharField()
    year = serializers.IntegerField(allow_null=True)
    threshold = serializers.IntegerField(
        help_text=_("Soglia di oscuramento dei conteggi di persone assistite.")
    )
    count = serializers.IntegerField()
    results = ValueSerializer(many=True)


class ImportSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    file_name = serializers.CharField()
    sha256 = serializers.CharField()
    years = serializers.ListField(child=serializers.IntegerField())
    values = serializers.IntegerField()
    replaced = serializers.IntegerField()
    unknown_codes = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text=_("Anno → codice ISTAT non nel registro → valore come nel file."),
    )
    followed = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField()),
        help_text=_("Anno → codice non più in uso → comune a cui il valore è stato sommato."),
    )
    imported_at = serializers.DateTimeField()


class ImportInputSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text=_("CSV codice_istat;anno;valore (intestazioni ISTAT riconosciute).")
    )
    year = serializers.IntegerField(
        required=False,
        min_value=1861,
        max_value=2200,
        help_text=_("Solo se il file non ha la colonna dell'anno."),
    )
