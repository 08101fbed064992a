from typing import Literal

ItemReferenceInputMessagesType = Literal["item_reference"]

ITEM_REFERENCE_INPUT_MESSAGES_TYPE_VALUES: set[ItemReferenceInputMessagesType] = {
    "item_reference",
}


def check_item_reference_input_messages_type(
    value: str,
) -> ItemReferenceInputMessagesType:
    if value in ITEM_REFERENCE_INPUT_MESSAGES_TYPE_VALUES:
        return value
    raise TypeError(
        f"Unexpected value {value!r}. Expected one of {ITEM_REFERENCE_INPUT_MESSAGES_TYPE_VALUES!r}"
    )
