from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.text_response_format_json_schema_type import (
    TextResponseFormatJsonSchemaType,
    check_text_response_format_json_schema_type,
)

if TYPE_CHECKING:
    from ..models.response_format_json_schema_schema import (
        ResponseFormatJsonSchemaSchema,
    )


T = TypeVar("T", bound="TextResponseFormatJsonSchema")


@_attrs_define
class TextResponseFormatJsonSchema:
    """JSON Schema response format. Used to generate structured JSON responses.
    Learn more about [Structured Outputs](/docs/guides/structured-outputs).

        Attributes:
            type_ (TextResponseFormatJsonSchemaType): The type of response format being defined. Always `json_schema`.
            name (str): The name of the response format. Must be a-z, A-Z, 0-9, or contain
                underscores and dashes, with a maximum length of 64.
            schema (ResponseFormatJsonSchemaSchema): The schema for the response format, described as a JSON Schema object.
                Learn how to build JSON schemas [here](https://json-schema.org/).
            description (str | None): A description of what the response format is for, used by the model to
                determine how to respond in the format.
            strict (bool | None): Whether to enable strict schema adherence when generating the output.
                If set to true, the model will always follow the exact schema defined
                in the `schema` field. Only a subset of JSON Schema is supported when
                `strict` is `true`. To learn more, read the [Structured Outputs
                guide](/docs/guides/structured-outputs).
    """

    type_: TextResponseFormatJsonSchemaType
    name: str
    schema: ResponseFormatJsonSchemaSchema
    description: str | None = None
    strict: bool | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        name = self.name

        schema = self.schema.to_dict()

        description = self.description

        strict: bool | None
        if self.strict is None:
            strict = None
        else:
            strict = self.strict

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "name": name,
                "schema": schema,
            }
        )
        if description is not None:
            field_dict["description"] = description
        if strict is not None:
            field_dict["strict"] = strict

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.response_format_json_schema_schema import (
            ResponseFormatJsonSchemaSchema,
        )

        d = dict(src_dict)
        type_ = check_text_response_format_json_schema_type(d.pop("type"))

        name = d.pop("name")

        schema = ResponseFormatJsonSchemaSchema.from_dict(d.pop("schema"))

        description = d.pop("description", None)

        def _parse_strict(data: object) -> bool | None:
            if data is None:
                return data
            return cast(bool | None, data)

        strict = _parse_strict(d.pop("strict", None))

        text_response_format_json_schema = cls(
            type_=type_,
            name=name,
            schema=schema,
            description=description,
            strict=strict,
        )

        text_response_format_json_schema.additional_properties = d
        return text_response_format_json_schema

    @property
    def additional_keys(self) -> list[str]:
        """The names of the fields the spec does not define (kept as sent)."""
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
