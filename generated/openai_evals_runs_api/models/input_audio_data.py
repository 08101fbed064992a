from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_audio_data_format import (
    InputAudioDataFormat,
    check_input_audio_data_format,
)

T = TypeVar("T", bound="InputAudioData")


@_attrs_define
class InputAudioData:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        data (str): Base64-encoded audio data.
        format_ (InputAudioDataFormat): The format of the audio data. Currently supported formats are `mp3` and
            `wav`.
    """

    data: str
    format_: InputAudioDataFormat
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        data = self.data

        format_: str = self.format_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "format": format_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        data = d.pop("data")

        format_ = check_input_audio_data_format(d.pop("format"))

        input_audio_data = cls(
            data=data,
            format_=format_,
        )

        input_audio_data.additional_properties = d
        return input_audio_data

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
