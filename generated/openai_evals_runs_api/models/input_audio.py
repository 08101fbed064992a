from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_audio_type import InputAudioType, check_input_audio_type

if TYPE_CHECKING:
    from ..models.input_audio_data import InputAudioData


T = TypeVar("T", bound="InputAudio")


@_attrs_define
class InputAudio:
    """An audio input to the model.

    Attributes:
        type_ (InputAudioType): The type of the input item. Always `input_audio`.
        input_audio (InputAudioData):
    """

    type_: InputAudioType
    input_audio: InputAudioData
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        input_audio = self.input_audio.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "input_audio": input_audio,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.input_audio_data import InputAudioData

        d = dict(src_dict)
        type_ = check_input_audio_type(d.pop("type"))

        input_audio = InputAudioData.from_dict(d.pop("input_audio"))

        input_audio = cls(
            type_=type_,
            input_audio=input_audio,
        )

        input_audio.additional_properties = d
        return input_audio

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
