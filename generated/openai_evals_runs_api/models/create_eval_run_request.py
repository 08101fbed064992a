from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.create_eval_completions_run_data_source import (
        CreateEvalCompletionsRunDataSource,
    )
    from ..models.create_eval_jsonl_run_data_source import CreateEvalJsonlRunDataSource
    from ..models.create_eval_responses_run_data_source import (
        CreateEvalResponsesRunDataSource,
    )
    from ..models.metadata_type_0 import MetadataType0


T = TypeVar("T", bound="CreateEvalRunRequest")


@_attrs_define
class CreateEvalRunRequest:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        data_source (CreateEvalCompletionsRunDataSource | CreateEvalJsonlRunDataSource |
            CreateEvalResponsesRunDataSource): Details about the run's data source.
        name (str | None): The name of the run.
        metadata (MetadataType0 | None):
    """

    data_source: (
        CreateEvalCompletionsRunDataSource
        | CreateEvalJsonlRunDataSource
        | CreateEvalResponsesRunDataSource
    )
    name: str | None = None
    metadata: MetadataType0 | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.create_eval_completions_run_data_source import (
            CreateEvalCompletionsRunDataSource,
        )
        from ..models.create_eval_jsonl_run_data_source import (
            CreateEvalJsonlRunDataSource,
        )
        from ..models.metadata_type_0 import MetadataType0

        data_source: dict[str, Any]
        if isinstance(self.data_source, CreateEvalJsonlRunDataSource) or isinstance(
            self.data_source, CreateEvalCompletionsRunDataSource
        ):
            data_source = self.data_source.to_dict()
        else:
            data_source = self.data_source.to_dict()

        name = self.name

        metadata: dict[str, Any] | None
        if self.metadata is None:
            metadata = None
        elif isinstance(self.metadata, MetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data_source": data_source,
            }
        )
        if name is not None:
            field_dict["name"] = name
        if metadata is not None:
            field_dict["metadata"] = metadata

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.create_eval_completions_run_data_source import (
            CreateEvalCompletionsRunDataSource,
        )
        from ..models.create_eval_jsonl_run_data_source import (
            CreateEvalJsonlRunDataSource,
        )
        from ..models.create_eval_responses_run_data_source import (
            CreateEvalResponsesRunDataSource,
        )
        from ..models.metadata_type_0 import MetadataType0

        d = dict(src_dict)

        def _parse_data_source(
            data: object,
        ) -> (
            CreateEvalCompletionsRunDataSource
            | CreateEvalJsonlRunDataSource
            | CreateEvalResponsesRunDataSource
        ):
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_create_eval_run_data_source_type_0 = (
                    CreateEvalJsonlRunDataSource.from_dict(data)
                )

                return componentsschemas_create_eval_run_data_source_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                componentsschemas_create_eval_run_data_source_type_1 = (
                    CreateEvalCompletionsRunDataSource.from_dict(data)
                )

                return componentsschemas_create_eval_run_data_source_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            componentsschemas_create_eval_run_data_source_type_2 = (
                CreateEvalResponsesRunDataSource.from_dict(data)
            )

            return componentsschemas_create_eval_run_data_source_type_2

        data_source = _parse_data_source(d.pop("data_source"))

        name = d.pop("name", None)

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

        create_eval_run_request = cls(
            data_source=data_source,
            name=name,
            metadata=metadata,
        )

        create_eval_run_request.additional_properties = d
        return create_eval_run_request

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
