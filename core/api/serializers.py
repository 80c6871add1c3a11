"""What every API serializer builds on: the output base (read-only, no query per row), the choice field that
names its enum in the schema, and the documented error body (core/api/conventions.py)."""

from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, TextChoices
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_choice_field
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A choice field whose choices appear in the schema as one enum named after the TextChoices class
    (OrganizationKindEnum, OrganKindEnum, RoleEnum, MandateRoleEnum) rather than as "KindC2bEnum"."""

    def __init__(self, choices_class: type[TextChoices], **kwargs: Any) -> None:
        self.enum_name = f"{choices_class.__name__}Enum"
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str | None:
        return str(self.target.enum_name)

    def map_serializer_field(self, auto_schema: AutoSchema, direction: str) -> dict[str, Any]:
        schema: dict[str, Any] = build_choice_field(self.target)
        schema.pop("x-spec-enum-id", None)
        return schema


class ErrorSerializer(serializers.Serializer[Any]):
    """The body of every error response (see core/api/conventions.py)."""

    status = serializers.IntegerField(help_text=_("Lo stesso codice di stato HTTP della risposta."))
    code = serializers.CharField(
        help_text=_("Codice macchina: validation_error, not_authenticated, permission_denied, not_found...")
    )
    message = serializers.CharField(help_text=_("Messaggio per le persone, nella lingua della richiesta."))
    errors = serializers.DictField(  # type: ignore[assignment]  # DRF attribute name
        help_text=_(
            "Solo per validation_error: campo -> lista di {message, code}; "
            "gli errori che non riguardano un solo campo stanno sotto non_field_errors o __all__."
        )
    )


M = TypeVar("M", bound=Model)


class OutputSerializer(serializers.ModelSerializer[M]):
    """Base of the API's read-only model serializers. DRF drops `allow_blank` from read-only fields, so the
    schema would promise a valid e-mail, URL or choice where the registry may hold an empty string: restore
    it, and document blank e-mail and URL fields as plain strings."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        model: Any = self.Meta.model
        for name, field in list(fields.items()):
            source = field.source if field.source and field.source != "*" else name
            try:
                model_field = model._meta.get_field(source)
            except FieldDoesNotExist:
                continue
            if not getattr(model_field, "blank", False) or getattr(model_field, "null", False):
                continue
            if isinstance(field, serializers.EmailField | serializers.URLField):
                fields[name] = serializers.CharField(
                    read_only=True, allow_blank=True, label=field.label, help_text=field.help_text
                )
            elif isinstance(field, serializers.ChoiceField):
                field.allow_blank = True
        return fields


def money_field(**kwargs: Any) -> serializers.DecimalField:
    """An amount in euro to the cent, written as a string ("1234.50") so that no client rounds it."""
    return serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=True, **kwargs)
