from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.image_detail import ImageDetail, check_image_detail
from ..models.input_image_content_type import (
    InputImageContentType,
    check_input_image_content_type,
)

if TYPE_CHECKING:
    from ..models.prompt_cache_breakpoint_config import PromptCacheBreakpointConfig


T = TypeVar("T", bound="InputImageContent")


@_attrs_define
class InputImageContent:
    """An image input to the model. Learn about [image inputs](/docs/guides/vision).

    Attributes:
        type_ (InputImageContentType): The type of the input item. Always `input_image`. Default: 'input_image'.
        detail (ImageDetail):
        image_url (str | None): The URL of the image to be sent to the model. A fully qualified URL or base64 encoded
            image in a data URL.
        file_id (str | None): The ID of the file to be sent to the model.
        prompt_cache_breakpoint (PromptCacheBreakpointConfig | None): Marks the exact end of a reusable prompt prefix.
            The breakpoint inherits its TTL from the request's `prompt_cache_options.ttl`; the boundary is not rounded to a
            token block.
    """

    detail: ImageDetail
    type_: InputImageContentType = "input_image"
    image_url: str | None = None
    file_id: str | None = None
    prompt_cache_breakpoint: PromptCacheBreakpointConfig | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        detail: str = self.detail

        image_url: str | None
        if self.image_url is None:
            image_url = None
        else:
            image_url = self.image_url

        file_id: str | None
        if self.file_id is None:
            file_id = None
        else:
            file_id = self.file_id

        prompt_cache_breakpoint: dict[str, Any] | None = None
        if self.prompt_cache_breakpoint is not None:
            prompt_cache_breakpoint = self.prompt_cache_breakpoint.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "detail": detail,
            }
        )
        if image_url is not None:
            field_dict["image_url"] = image_url
        if file_id is not None:
            field_dict["file_id"] = file_id
        if prompt_cache_breakpoint is not None:
            field_dict["prompt_cache_breakpoint"] = prompt_cache_breakpoint

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.prompt_cache_breakpoint_config import PromptCacheBreakpointConfig

        d = dict(src_dict)
        type_ = check_input_image_content_type(d.pop("type"))

        detail = check_image_detail(d.pop("detail"))

        def _parse_image_url(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        image_url = _parse_image_url(d.pop("image_url", None))

        def _parse_file_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        file_id = _parse_file_id(d.pop("file_id", None))

        _prompt_cache_breakpoint = d.pop("prompt_cache_breakpoint", None)
        prompt_cache_breakpoint: PromptCacheBreakpointConfig | None
        if _prompt_cache_breakpoint is None:
            prompt_cache_breakpoint = None
        else:
            prompt_cache_breakpoint = PromptCacheBreakpointConfig.from_dict(
                _prompt_cache_breakpoint
            )

        input_image_content = cls(
            type_=type_,
            detail=detail,
            image_url=image_url,
            file_id=file_id,
            prompt_cache_breakpoint=prompt_cache_breakpoint,
        )

        input_image_content.additional_properties = d
        return input_image_content

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
