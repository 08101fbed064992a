from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_stored_completions_source_type import (
    EvalStoredCompletionsSourceType,
    check_eval_stored_completions_source_type,
)

if TYPE_CHECKING:
    from ..models.metadata_type_0 import MetadataType0


T = TypeVar("T", bound="EvalStoredCompletionsSource")


@_attrs_define
class EvalStoredCompletionsSource:
    """A StoredCompletionsRunDataSource configuration describing a set of filters

    Attributes:
        type_ (EvalStoredCompletionsSourceType): The type of source. Always `stored_completions`. Default:
            'stored_completions'.
        metadata (MetadataType0 | None):
        model (str | None): An optional model to filter by (e.g., 'gpt-4o').
        created_after (int | None): An optional Unix timestamp to filter items created after this time.
        created_before (int | None): An optional Unix timestamp to filter items created before this time.
        limit (int | None): An optional maximum number of items to return.
    """

    type_: EvalStoredCompletionsSourceType = "stored_completions"
    metadata: MetadataType0 | None = None
    model: str | None = None
    created_after: int | None = None
    created_before: int | None = None
    limit: int | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.metadata_type_0 import MetadataType0

        type_: str = self.type_

        metadata: dict[str, Any] | None
        if self.metadata is None:
            metadata = None
        elif isinstance(self.metadata, MetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        model: str | None
        if self.model is None:
            model = None
        else:
            model = self.model

        created_after: int | None
        if self.created_after is None:
            created_after = None
        else:
            created_after = self.created_after

        created_before: int | None
        if self.created_before is None:
            created_before = None
        else:
            created_before = self.created_before

        limit: int | None
        if self.limit is None:
            limit = None
        else:
            limit = self.limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if metadata is not None:
            field_dict["metadata"] = metadata
        if model is not None:
            field_dict["model"] = model
        if created_after is not None:
            field_dict["created_after"] = created_after
        if created_before is not None:
            field_dict["created_before"] = created_before
        if limit is not None:
            field_dict["limit"] = limit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.metadata_type_0 import MetadataType0

        d = dict(src_dict)
        type_ = check_eval_stored_completions_source_type(d.pop("type"))

        def _parse_metadata(data: object) -> MetadataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_metadata_type_0 = MetadataType0.from_dict(data)

                return componentsschemas_metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(MetadataType0 | None, data)

        metadata = _parse_metadata(d.pop("metadata", None))

        def _parse_model(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        model = _parse_model(d.pop("model", None))

        def _parse_created_after(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        created_after = _parse_created_after(d.pop("created_after", None))

        def _parse_created_before(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        created_before = _parse_created_before(d.pop("created_before", None))

        def _parse_limit(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        limit = _parse_limit(d.pop("limit", None))

        eval_stored_completions_source = cls(
            type_=type_,
            metadata=metadata,
            model=model,
            created_after=created_after,
            created_before=created_before,
            limit=limit,
        )

        eval_stored_completions_source.additional_properties = d
        return eval_stored_completions_source

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
