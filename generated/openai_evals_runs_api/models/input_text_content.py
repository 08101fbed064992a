from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.input_text_content_type import (
    InputTextContentType,
    check_input_text_content_type,
)

if TYPE_CHECKING:
    from ..models.prompt_cache_breakpoint_config import PromptCacheBreakpointConfig


T = TypeVar("T", bound="InputTextContent")


@_attrs_define
class InputTextContent:
    """A text input to the model.

    Attributes:
        type_ (InputTextContentType): The type of the input item. Always `input_text`. Default: 'input_text'.
        text (str): The text input to the model.
        prompt_cache_breakpoint (PromptCacheBreakpointConfig | None): Marks the exact end of a reusable prompt prefix.
            The breakpoint inherits its TTL from the request's `prompt_cache_options.ttl`; the boundary is not rounded to a
            token block.
    """

    text: str
    type_: InputTextContentType = "input_text"
    prompt_cache_breakpoint: PromptCacheBreakpointConfig | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        text = self.text

        prompt_cache_breakpoint: dict[str, Any] | None = None
        if self.prompt_cache_breakpoint is not None:
            prompt_cache_breakpoint = self.prompt_cache_breakpoint.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "text": text,
            }
        )
        if prompt_cache_breakpoint is not None:
            field_dict["prompt_cache_breakpoint"] = prompt_cache_breakpoint

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.prompt_cache_breakpoint_config import PromptCacheBreakpointConfig

        d = dict(src_dict)
        type_ = check_input_text_content_type(d.pop("type"))

        text = d.pop("text")

        _prompt_cache_breakpoint = d.pop("prompt_cache_breakpoint", None)
        prompt_cache_breakpoint: PromptCacheBreakpointConfig | None
        if _prompt_cache_breakpoint is None:
            prompt_cache_breakpoint = None
        else:
            prompt_cache_breakpoint = PromptCacheBreakpointConfig.from_dict(
                _prompt_cache_breakpoint
            )

        input_text_content = cls(
            type_=type_,
            text=text,
            prompt_cache_breakpoint=prompt_cache_breakpoint,
        )

        input_text_content.additional_properties = d
        return input_text_content

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
