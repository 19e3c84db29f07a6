"""Jira's exact JQL error wordings, one function per message.

Sources (public copies of Atlassian's own tests, found with code search):
- parse errors: com.atlassian.jira.webtests.ztests.navigator.jql.TestJqlParsing (func test) — every
  "Expecting ..." text, reserved characters/words, escapes, unfinished strings, numbers, function arguments;
- operator usage: com.atlassian.jira.jql.validator.TestDefaultOperatorUsageValidator (list/non-list/EMPTY);
- unsupported operator: com.atlassian.jira.jql.validator.TestSupportedOperatorsValidator;
- values and functions: TestSearchRequestURLsInvalidParameters, TestJqlFunctions... (func tests):
  "The value ... does not exist", "A value with ID ...", "Date value ... is invalid", "Unable to find JQL function",
  "Function 'now' expected '0' arguments ...", "Duration for function ...", "A value provided by the function ...";
- sorting: com.atlassian.jira.jql.validator.TestDefaultOrderByValidator ("Not able to sort using field").
Real Jira responses quoted in public issues confirm the "Error in the JQL Query: " prefix on parse errors
(bobcarroll/jira-client#277, hygieia/hygieia#276) and the key messages ("The issue key 'X' for field 'key' is
invalid.", "An issue with key 'X' does not exist for field 'key'."). Jira Cloud sometimes words the prefix
"Error in JQL Query: "; the simulator uses the Server/DC and older Cloud form throughout.
"Field 'labels' does not support sorting." follows the pattern real Jira emits for unsortable fields (seen as a
matcher in public migration tooling); its exact text for labels could not be confirmed.
"""

PARSE_PREFIX = "Error in the JQL Query: "

VALID_OPERATORS = "'=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'"

VALID_ESCAPES = "The valid escape sequences are \\', \\\", \\t, \\n, \\r, \\\\, '\\ ' and \\uXXXX."

UNBOUNDED_QUERY = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query."


def at(line: int, column: int) -> str:
    return f"(line {line}, character {column})"


# --- lexical -----------------------------------------------------------------------------------------------


def reserved_character(char: str, line: int, column: int) -> str:
    return (
        f"The character '{char}' is a reserved JQL character. You must enclose it in a string or use the escape "
        f"'\\u{ord(char):04x}' instead. {at(line, column)}"
    )


def control_character(char: str, line: int, column: int) -> str:
    return (
        f"The character 'U+{ord(char):04X}' on line {line} at position {column} must be escaped. "
        f"Use the escape '\\u{ord(char):04x}' instead. {at(line, column)}"
    )


def unfinished_string(raw: str, line: int, column: int) -> str:
    if not raw:
        return f"The quoted string has not been completed. {at(line, column)}"
    shown = raw.replace("\r", " ").replace("\n", " ")
    return f"The quoted string '{shown}' has not been completed. {at(line, column)}"


def illegal_escape(sequence: str, line: int, column: int) -> str:
    return f"'{sequence}' is an illegal JQL escape sequence. {VALID_ESCAPES} {at(line, column)}"


def unfinished_escape(line: int, column: int) -> str:
    return f"The escape sequence has not been completed. {VALID_ESCAPES} {at(line, column)}"


def invalid_number(text: str, line: int, column: int) -> str:
    return (
        f"'{text}' is not a valid number. Numbers must be between -9,223,372,036,854,775,808 and "
        f"9,223,372,036,854,775,807. {at(line, column)}"
    )


# --- syntactic ---------------------------------------------------------------------------------------------


def reserved_word(word: str, line: int, column: int) -> str:
    return (
        f"'{word}' is a reserved JQL word. You must surround it in quotation marks to use it in a query. "
        f"{at(line, column)}"
    )


def expecting_operator(got: str, line: int, column: int) -> str:
    return f"Expecting operator but got '{got}'. The valid operators are {VALID_OPERATORS}. {at(line, column)}"


def expecting_operator_at_end() -> str:
    return f"Expecting operator before the end of the query. The valid operators are {VALID_OPERATORS}."


def expecting_operand(got: str, line: int, column: int) -> str:
    return (
        f"Expecting either a value, list or function but got '{got}'. You must surround '{got}' in quotation "
        f"marks to use it as a value. {at(line, column)}"
    )


def expecting_operand_at_end() -> str:
    return "Expecting either a value, list or function before the end of the query."


def expecting_field(got: str, line: int, column: int) -> str:
    if got == "[":
        return f"Expecting a field name but got '['. Did you mean 'cf['? {at(line, column)}"
    return (
        f"Expecting a field name but got '{got}'. You must surround '{got}' in quotation marks to use it as a "
        f"field name. {at(line, column)}"
    )


def expecting_field_at_end() -> str:
    return "Expecting a field name at the end of the query."


def empty_field_name(line: int, column: int) -> str:
    return f"A field name cannot be empty. {at(line, column)}"


def empty_function_name(line: int, column: int) -> str:
    return f"A function name cannot be empty. {at(line, column)}"


def expecting_custom_field_id(got: str, line: int, column: int) -> str:
    return f"Expecting a custom field id (a positive number) but got '{got}'. {at(line, column)}"


def expecting_custom_field_id_at_end() -> str:
    return "Expecting a custom field id (a positive number) before the end of the query."


def expecting_logical_operator(got: str, line: int, column: int) -> str:
    return f"Expecting either 'OR' or 'AND' but got '{got}'. {at(line, column)}"


def expecting_text(expected: str, got: str, line: int, column: int) -> str:
    return f"Expecting '{expected}' but got '{got}'. {at(line, column)}"


def expecting_text_at_end(expected: str) -> str:
    return f"Expecting '{expected}' before the end of the query."


def expecting_sort_order(got: str, line: int, column: int) -> str:
    return f"Expecting either 'ASC' or 'DESC' but got '{got}'. {at(line, column)}"


def expecting_argument(got: str, line: int, column: int) -> str:
    return (
        f"Expecting a function argument but got '{got}'. You must surround '{got}' in quotation marks to use it "
        f"as an argument. {at(line, column)}"
    )


def expecting_argument_at_end() -> str:
    return "Expecting a function argument at the end of the query."


def missing_argument(line: int, column: int) -> str:
    return f"Function argument must be specified. {at(line, column)}"


def expecting_argument_separator(got: str, line: int, column: int) -> str:
    return f"Expecting ')' or ',' but got '{got}'. {at(line, column)}"


# --- validation (no prefix) --------------------------------------------------------------------------------


def field_not_found(field: str) -> str:
    return f"Field '{field}' does not exist or you do not have permission to view it."


def operator_not_supported(operator: str, field: str) -> str:
    return f"The operator '{operator}' is not supported by the '{field}' field."


def list_not_supported(operator: str, shown: str, field: str) -> str:
    return f"Operator '{operator}' does not support the list value '{shown}' for field '{field}'."


def non_list_not_supported(operator: str, shown: str, field: str) -> str:
    return f"Operator '{operator}' does not support the non-list value '{shown}' for field '{field}'."


def empty_not_supported(operator: str, field: str) -> str:
    return f"Operator '{operator}' does not support the empty value representation 'EMPTY' for field '{field}'."


def non_empty_not_supported(operator: str, field: str) -> str:
    return f"Operator '{operator}' does not support searching for non-empty values for field '{field}'."


def value_not_found(value: str, field: str) -> str:
    return f"The value '{value}' does not exist for the field '{field}'."


def id_not_found(value: str, field: str) -> str:
    return f"A value with ID '{value}' does not exist for the field '{field}'."


def invalid_issue_key(value: str, field: str) -> str:
    return f"The issue key '{value}' for field '{field}' is invalid."


def issue_not_found(value: str, field: str) -> str:
    return f"An issue with key '{value}' does not exist for field '{field}'."


def invalid_date(value: str, field: str) -> str:
    return (
        f"Date value '{value}' for field '{field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', "
        "'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."
    )


def unknown_function(shown: str) -> str:
    return f"Unable to find JQL function '{shown}'."


def function_arity(name: str, expected: int, received: int) -> str:
    return f"Function '{name}' expected '{expected}' arguments but received '{received}'."


def function_arity_range(name: str, low: int, high: int, received: int) -> str:
    return f"Function '{name}' expected between '{low}' and '{high}' arguments but received '{received}'."


def function_bad_duration(name: str) -> str:
    return f"Duration for function '{name}' should have the format (+/-)n(yMwdm), e.g -1M for 1 month earlier."


def function_value_invalid(name: str, field: str) -> str:
    return f"A value provided by the function '{name}' is invalid for the field '{field}'."


def function_date_invalid(name: str, field: str) -> str:
    return f"A date for the field '{field}' provided by the function '{name}' is not valid."


def function_issue_key_invalid(name: str, field: str) -> str:
    return f"A value provided by the function '{name}' for the field '{field}' is not a valid issue key."


def cannot_sort(field: str) -> str:
    return f"Not able to sort using field '{field}'."


def sorting_not_supported(field: str) -> str:
    return f"Field '{field}' does not support sorting."
