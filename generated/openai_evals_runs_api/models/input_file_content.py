from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_input_detail import FileInputDetail, check_file_input_detail
from ..models.input_file_content_type import (
    InputFileContentType,
    check_input_file_content_type,
)

if TYPE_CHECKING:
    from ..models.prompt_cache_breakpoint_config import PromptCacheBreakpointConfig


T = TypeVar("T", bound="InputFileContent")


@_attrs_define
class InputFileContent:
    """A file input to the model.

    Attributes:
        type_ (InputFileContentType): The type of the input item. Always `input_file`. Default: 'input_file'.
        file_id (str | None): The ID of the file to be sent to the model.
        filename (str | None): The name of the file to be sent to the model.
        file_data (str | None): The content of the file to be sent to the model.
        prompt_cache_breakpoint (PromptCacheBreakpointConfig | None): Marks the exact end of a reusable prompt prefix.
            The breakpoint inherits its TTL from the request's `prompt_cache_options.ttl`; the boundary is not rounded to a
            token block.
        file_url (str | None): The URL of the file to be sent to the model.
        detail (FileInputDetail | None):
    """

    type_: InputFileContentType = "input_file"
    file_id: str | None = None
    filename: str | None = None
    file_data: str | None = None
    prompt_cache_breakpoint: PromptCacheBreakpointConfig | None = None
    file_url: str | None = None
    detail: FileInputDetail | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        type_: str = self.type_

        file_id: str | None
        if self.file_id is None:
            file_id = None
        else:
            file_id = self.file_id

        filename = self.filename

        file_data = self.file_data

        prompt_cache_breakpoint: dict[str, Any] | None = None
        if self.prompt_cache_breakpoint is not None:
            prompt_cache_breakpoint = self.prompt_cache_breakpoint.to_dict()

        file_url = self.file_url

        detail: str | None = None
        if self.detail is not None:
            detail = self.detail

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if file_id is not None:
            field_dict["file_id"] = file_id
        if filename is not None:
            field_dict["filename"] = filename
        if file_data is not None:
            field_dict["file_data"] = file_data
        if prompt_cache_breakpoint is not None:
            field_dict["prompt_cache_breakpoint"] = prompt_cache_breakpoint
        if file_url is not None:
            field_dict["file_url"] = file_url
        if detail is not None:
            field_dict["detail"] = detail

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.prompt_cache_breakpoint_config import PromptCacheBreakpointConfig

        d = dict(src_dict)
        type_ = check_input_file_content_type(d.pop("type"))

        def _parse_file_id(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        file_id = _parse_file_id(d.pop("file_id", None))

        filename = d.pop("filename", None)

        file_data = d.pop("file_data", None)

        _prompt_cache_breakpoint = d.pop("prompt_cache_breakpoint", None)
        prompt_cache_breakpoint: PromptCacheBreakpointConfig | None
        if _prompt_cache_breakpoint is None:
            prompt_cache_breakpoint = None
        else:
            prompt_cache_breakpoint = PromptCacheBreakpointConfig.from_dict(
                _prompt_cache_breakpoint
            )

        file_url = d.pop("file_url", None)

        _detail = d.pop("detail", None)
        detail: FileInputDetail | None
        if _detail is None:
            detail = None
        else:
            detail = check_file_input_detail(_detail)

        input_file_content = cls(
            type_=type_,
            file_id=file_id,
            filename=filename,
            file_data=file_data,
            prompt_cache_breakpoint=prompt_cache_breakpoint,
            file_url=file_url,
            detail=detail,
        )

        input_file_content.additional_properties = d
        return input_file_content

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
