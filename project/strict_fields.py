"""Input fields and serializers that take exactly what the OpenAPI schema says: a text field
takes a JSON string (not a number or a boolean turned into one) without a NUL character, a
whole number field a JSON integer, a yes/no field `true` or `false`, and a body only the
fields the serializer declares. DRF's own fields coerce ("5" → 5, 5 → "5", "yes" → True),
so a client's type mistake would be stored instead of answered with a field message."""

from rest_framework import serializers

NUL_MESSAGE = "Must not contain a NUL character."


class StrictText:
    """Mixed into CharField and its subclasses (SlugField, EmailField, …)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("Must be text (a JSON string).", code="invalid")
        if "\x00" in data:
            raise serializers.ValidationError(NUL_MESSAGE, code="invalid")
        # The schema's maxLength counts what was sent, before trimming.
        if getattr(self, "max_length", None) is not None and len(data) > self.max_length:
            self.fail("max_length", max_length=self.max_length, length=len(data))
        return super().to_internal_value(data)


class CharField(StrictText, serializers.CharField):
    pass


class IntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "Must be a whole number (a JSON integer)."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class BooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class ChoiceField(serializers.ChoiceField):
    """A choice is one of its strings: 1 is not "1"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


class SlugRelatedField(serializers.SlugRelatedField):
    """A slug is a non-empty JSON string; "" is not taken for null (DRF's relational
    default), and nothing but text reaches the database lookup."""

    def run_validation(self, data=serializers.empty):
        if data == "":
            self.fail("invalid")
        return super().run_validation(data)

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


# A body field the serializer does not declare is a field message, not silently dropped (a
# misspelt optional field would otherwise look accepted). The schema says so with
# `additionalProperties: false` (project/openapi.py). No docstrings on these classes:
# drf-spectacular would show the nearest one as every serializer's description.
class RefusesUnknownFields:

    def to_internal_value(self, data):
        if isinstance(data, dict):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            unknown = [key for key in data if key not in writable]
            if unknown:
                raise serializers.ValidationError(
                    {str(key): ["Unknown field." if key not in self.fields
                                else "Read-only field."] for key in unknown[:20]})
        return super().to_internal_value(data)


class Serializer(RefusesUnknownFields, serializers.Serializer):
    pass


def _strict(field_class):
    if field_class is serializers.CharField:
        return CharField
    if issubclass(field_class, serializers.CharField):
        return type(field_class.__name__, (StrictText, field_class), {})
    return {serializers.IntegerField: IntegerField,
            serializers.BooleanField: BooleanField}.get(field_class, field_class)


# Model fields become the strict fields above.
class ModelSerializer(RefusesUnknownFields, serializers.ModelSerializer):

    serializer_field_mapping = {model_field: _strict(field) for model_field, field
                                in serializers.ModelSerializer.serializer_field_mapping.items()}
    serializer_choice_field = ChoiceField
