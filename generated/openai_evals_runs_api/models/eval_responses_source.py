from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.eval_responses_source_type import (
    EvalResponsesSourceType,
    check_eval_responses_source_type,
)
from ..models.reasoning_effort_type_0 import (
    ReasoningEffortType0,
    check_reasoning_effort_type_0,
)

if TYPE_CHECKING:
    from ..models.eval_responses_source_metadata_type_0 import (
        EvalResponsesSourceMetadataType0,
    )


T = TypeVar("T", bound="EvalResponsesSource")


@_attrs_define
class EvalResponsesSource:
    """A EvalResponsesSource object describing a run data source configuration.

    Attributes:
        type_ (EvalResponsesSourceType): The type of run data source. Always `responses`.
        metadata (EvalResponsesSourceMetadataType0 | None): Metadata filter for the responses. This is a query parameter
            used to select responses.
        model (str | None): The name of the model to find responses for. This is a query parameter used to select
            responses.
        instructions_search (str | None): Optional string to search the 'instructions' field. This is a query parameter
            used to select responses.
        created_after (int | None): Only include items created after this timestamp (inclusive). This is a query
            parameter used to select responses.
        created_before (int | None): Only include items created before this timestamp (inclusive). This is a query
            parameter used to select responses.
        reasoning_effort (ReasoningEffortType0 | None): Optional reasoning effort parameter. This is a query parameter
            used to select responses.
        temperature (float | None): Sampling temperature. This is a query parameter used to select responses.
        top_p (float | None): Nucleus sampling parameter. This is a query parameter used to select responses.
        users (list[str] | None): List of user identifiers. This is a query parameter used to select responses.
        tools (list[str] | None): List of tool names. This is a query parameter used to select responses.
    """

    type_: EvalResponsesSourceType
    metadata: EvalResponsesSourceMetadataType0 | None = None
    model: str | None = None
    instructions_search: str | None = None
    created_after: int | None = None
    created_before: int | None = None
    reasoning_effort: ReasoningEffortType0 | None = None
    temperature: float | None = None
    top_p: float | None = None
    users: list[str] | None = None
    tools: list[str] | None = None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        from ..models.eval_responses_source_metadata_type_0 import (
            EvalResponsesSourceMetadataType0,
        )

        type_: str = self.type_

        metadata: dict[str, Any] | None
        if self.metadata is None:
            metadata = None
        elif isinstance(self.metadata, EvalResponsesSourceMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        model: str | None
        if self.model is None:
            model = None
        else:
            model = self.model

        instructions_search: str | None
        if self.instructions_search is None:
            instructions_search = None
        else:
            instructions_search = self.instructions_search

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

        reasoning_effort: str | None
        if self.reasoning_effort is None:
            reasoning_effort = None
        elif isinstance(self.reasoning_effort, str):
            reasoning_effort = self.reasoning_effort
        else:
            reasoning_effort = self.reasoning_effort

        temperature: float | None
        if self.temperature is None:
            temperature = None
        else:
            temperature = self.temperature

        top_p: float | None
        if self.top_p is None:
            top_p = None
        else:
            top_p = self.top_p

        users: list[str] | None
        if self.users is None:
            users = None
        elif isinstance(self.users, list):
            users = self.users

        else:
            users = self.users

        tools: list[str] | None
        if self.tools is None:
            tools = None
        elif isinstance(self.tools, list):
            tools = self.tools

        else:
            tools = self.tools

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
        if instructions_search is not None:
            field_dict["instructions_search"] = instructions_search
        if created_after is not None:
            field_dict["created_after"] = created_after
        if created_before is not None:
            field_dict["created_before"] = created_before
        if reasoning_effort is not None:
            field_dict["reasoning_effort"] = reasoning_effort
        if temperature is not None:
            field_dict["temperature"] = temperature
        if top_p is not None:
            field_dict["top_p"] = top_p
        if users is not None:
            field_dict["users"] = users
        if tools is not None:
            field_dict["tools"] = tools

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        from ..models.eval_responses_source_metadata_type_0 import (
            EvalResponsesSourceMetadataType0,
        )

        d = dict(src_dict)
        type_ = check_eval_responses_source_type(d.pop("type"))

        def _parse_metadata(data: object) -> EvalResponsesSourceMetadataType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = EvalResponsesSourceMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvalResponsesSourceMetadataType0 | None, data)

        metadata = _parse_metadata(d.pop("metadata", None))

        def _parse_model(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        model = _parse_model(d.pop("model", None))

        def _parse_instructions_search(data: object) -> str | None:
            if data is None:
                return data
            return cast(str | None, data)

        instructions_search = _parse_instructions_search(
            d.pop("instructions_search", None)
        )

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

        def _parse_reasoning_effort(data: object) -> ReasoningEffortType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                componentsschemas_reasoning_effort_type_0 = (
                    check_reasoning_effort_type_0(data)
                )

                return componentsschemas_reasoning_effort_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ReasoningEffortType0 | None, data)

        reasoning_effort = _parse_reasoning_effort(d.pop("reasoning_effort", None))

        def _parse_temperature(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        temperature = _parse_temperature(d.pop("temperature", None))

        def _parse_top_p(data: object) -> float | None:
            if data is None:
                return data
            return cast(float | None, data)

        top_p = _parse_top_p(d.pop("top_p", None))

        def _parse_users(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                users_type_0 = cast(list[str], data)

                return users_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        users = _parse_users(d.pop("users", None))

        def _parse_tools(data: object) -> list[str] | None:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tools_type_0 = cast(list[str], data)

                return tools_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None, data)

        tools = _parse_tools(d.pop("tools", None))

        eval_responses_source = cls(
            type_=type_,
            metadata=metadata,
            model=model,
            instructions_search=instructions_search,
            created_after=created_after,
            created_before=created_before,
            reasoning_effort=reasoning_effort,
            temperature=temperature,
            top_p=top_p,
            users=users,
            tools=tools,
        )

        eval_responses_source.additional_properties = d
        return eval_responses_source

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
