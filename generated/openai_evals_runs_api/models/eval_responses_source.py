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
from ..types import UNSET, Unset

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
        metadata (EvalResponsesSourceMetadataType0 | None | Unset): Metadata filter for the responses. This is a query
            parameter used to select responses.
        model (None | str | Unset): The name of the model to find responses for. This is a query parameter used to
            select responses.
        instructions_search (None | str | Unset): Optional string to search the 'instructions' field. This is a query
            parameter used to select responses.
        created_after (int | None | Unset): Only include items created after this timestamp (inclusive). This is a query
            parameter used to select responses.
        created_before (int | None | Unset): Only include items created before this timestamp (inclusive). This is a
            query parameter used to select responses.
        reasoning_effort (None | ReasoningEffortType0 | Unset): Optional reasoning effort parameter. This is a query
            parameter used to select responses.
        temperature (float | None | Unset): Sampling temperature. This is a query parameter used to select responses.
        top_p (float | None | Unset): Nucleus sampling parameter. This is a query parameter used to select responses.
        users (list[str] | None | Unset): List of user identifiers. This is a query parameter used to select responses.
        tools (list[str] | None | Unset): List of tool names. This is a query parameter used to select responses.
    """

    type_: EvalResponsesSourceType
    metadata: EvalResponsesSourceMetadataType0 | None | Unset = UNSET
    model: None | str | Unset = UNSET
    instructions_search: None | str | Unset = UNSET
    created_after: int | None | Unset = UNSET
    created_before: int | None | Unset = UNSET
    reasoning_effort: None | ReasoningEffortType0 | Unset = UNSET
    temperature: float | None | Unset = UNSET
    top_p: float | None | Unset = UNSET
    users: list[str] | None | Unset = UNSET
    tools: list[str] | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.eval_responses_source_metadata_type_0 import (
            EvalResponsesSourceMetadataType0,
        )

        type_: str = self.type_

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, EvalResponsesSourceMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        instructions_search: None | str | Unset
        if isinstance(self.instructions_search, Unset):
            instructions_search = UNSET
        else:
            instructions_search = self.instructions_search

        created_after: int | None | Unset
        if isinstance(self.created_after, Unset):
            created_after = UNSET
        else:
            created_after = self.created_after

        created_before: int | None | Unset
        if isinstance(self.created_before, Unset):
            created_before = UNSET
        else:
            created_before = self.created_before

        reasoning_effort: None | str | Unset
        if isinstance(self.reasoning_effort, Unset):
            reasoning_effort = UNSET
        elif isinstance(self.reasoning_effort, str):
            reasoning_effort = self.reasoning_effort
        else:
            reasoning_effort = self.reasoning_effort

        temperature: float | None | Unset
        if isinstance(self.temperature, Unset):
            temperature = UNSET
        else:
            temperature = self.temperature

        top_p: float | None | Unset
        if isinstance(self.top_p, Unset):
            top_p = UNSET
        else:
            top_p = self.top_p

        users: list[str] | None | Unset
        if isinstance(self.users, Unset):
            users = UNSET
        elif isinstance(self.users, list):
            users = self.users

        else:
            users = self.users

        tools: list[str] | None | Unset
        if isinstance(self.tools, Unset):
            tools = UNSET
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
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if model is not UNSET:
            field_dict["model"] = model
        if instructions_search is not UNSET:
            field_dict["instructions_search"] = instructions_search
        if created_after is not UNSET:
            field_dict["created_after"] = created_after
        if created_before is not UNSET:
            field_dict["created_before"] = created_before
        if reasoning_effort is not UNSET:
            field_dict["reasoning_effort"] = reasoning_effort
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if users is not UNSET:
            field_dict["users"] = users
        if tools is not UNSET:
            field_dict["tools"] = tools

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.eval_responses_source_metadata_type_0 import (
            EvalResponsesSourceMetadataType0,
        )

        d = dict(src_dict)
        type_ = check_eval_responses_source_type(d.pop("type"))

        def _parse_metadata(
            data: object,
        ) -> EvalResponsesSourceMetadataType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = EvalResponsesSourceMetadataType0.from_dict(data)

                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(EvalResponsesSourceMetadataType0 | None | Unset, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_instructions_search(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        instructions_search = _parse_instructions_search(
            d.pop("instructions_search", UNSET)
        )

        def _parse_created_after(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created_after = _parse_created_after(d.pop("created_after", UNSET))

        def _parse_created_before(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        created_before = _parse_created_before(d.pop("created_before", UNSET))

        def _parse_reasoning_effort(
            data: object,
        ) -> None | ReasoningEffortType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
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
            return cast(None | ReasoningEffortType0 | Unset, data)

        reasoning_effort = _parse_reasoning_effort(d.pop("reasoning_effort", UNSET))

        def _parse_temperature(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        temperature = _parse_temperature(d.pop("temperature", UNSET))

        def _parse_top_p(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        top_p = _parse_top_p(d.pop("top_p", UNSET))

        def _parse_users(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                users_type_0 = cast(list[str], data)

                return users_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        users = _parse_users(d.pop("users", UNSET))

        def _parse_tools(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tools_type_0 = cast(list[str], data)

                return tools_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        tools = _parse_tools(d.pop("tools", UNSET))

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
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
