from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="EvalRunModelUsage")


@_attrs_define
class EvalRunModelUsage:
    """An object of the API's JSON (its schema has no description).

    Attributes:
        model_name (str): The name of the model.
        invocation_count (int): The number of invocations.
        prompt_tokens (int): The number of prompt tokens used.
        completion_tokens (int): The number of completion tokens generated.
        total_tokens (int): The total number of tokens used.
        cached_tokens (int): The number of tokens retrieved from cache.
    """

    model_name: str
    invocation_count: int
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int
    cached_tokens: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """This object as JSON: an optional field that is None is left out."""
        model_name = self.model_name

        invocation_count = self.invocation_count

        prompt_tokens = self.prompt_tokens

        completion_tokens = self.completion_tokens

        total_tokens = self.total_tokens

        cached_tokens = self.cached_tokens

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "model_name": model_name,
                "invocation_count": invocation_count,
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": total_tokens,
                "cached_tokens": cached_tokens,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        """Build from JSON: an optional field absent or null reads as None."""
        d = dict(src_dict)
        model_name = d.pop("model_name")

        invocation_count = d.pop("invocation_count")

        prompt_tokens = d.pop("prompt_tokens")

        completion_tokens = d.pop("completion_tokens")

        total_tokens = d.pop("total_tokens")

        cached_tokens = d.pop("cached_tokens")

        eval_run_model_usage = cls(
            model_name=model_name,
            invocation_count=invocation_count,
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            total_tokens=total_tokens,
            cached_tokens=cached_tokens,
        )

        eval_run_model_usage.additional_properties = d
        return eval_run_model_usage

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
