// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/languages.h"

#include <algorithm>

namespace ui::text {

char class_letter(TokenKind kind)
{
    switch (kind) {
    case TokenKind::keyword:
        return 'k';
    case TokenKind::string:
        return 's';
    case TokenKind::comment:
        return 'c';
    case TokenKind::number:
        return 'n';
    case TokenKind::meta:
        return 'p';
    case TokenKind::type:
        return 't';
    case TokenKind::attribute:
        return 'a';
    case TokenKind::plain:
        break;
    }
    return 0;
}

WordSet::WordSet(std::string_view words)
{
    while (!words.empty()) {
        auto end = std::min(words.find(' '), words.size());
        if (end > 0)
            m_words.push_back(words.substr(0, end));
        words.remove_prefix(std::min(end + 1, words.size()));
    }
    std::sort(m_words.begin(), m_words.end());
}

bool WordSet::contains(std::string_view word) const
{
    return std::binary_search(m_words.begin(), m_words.end(), word);
}

namespace {

// The word lists below are the reserved words of each language plus its common built-in
// type names, written down from the languages' references.
const WordSet c_keywords{
    "auto break case const continue default do else enum extern for goto if inline register "
    "restrict return sizeof static struct switch typedef union volatile while _Alignas "
    "_Alignof _Atomic _Generic _Noreturn _Static_assert _Thread_local NULL true false"};
const WordSet c_types{"bool char double float int long short signed unsigned void size_t "
                      "ssize_t ptrdiff_t intptr_t uintptr_t int8_t int16_t int32_t int64_t "
                      "uint8_t uint16_t uint32_t uint64_t wchar_t FILE _Bool"};
const WordSet cpp_keywords{
    "alignas alignof and and_eq asm auto bitand bitor break case catch class co_await "
    "co_return co_yield compl concept const const_cast consteval constexpr constinit continue "
    "decltype default delete do dynamic_cast else enum explicit export extern false final for "
    "friend goto if import inline module mutable namespace new noexcept not not_eq nullptr "
    "operator or or_eq override private protected public register reinterpret_cast requires "
    "return sizeof static static_assert static_cast struct switch template this thread_local "
    "throw true try typedef typeid typename union using virtual volatile while xor xor_eq"};
const WordSet cpp_types{
    "bool char char8_t char16_t char32_t double float int long short signed unsigned void "
    "wchar_t size_t ssize_t ptrdiff_t intptr_t uintptr_t int8_t int16_t int32_t int64_t "
    "uint8_t uint16_t uint32_t uint64_t string string_view vector array map set unordered_map "
    "unordered_set optional variant unique_ptr shared_ptr span pair tuple"};
const WordSet csharp_keywords{
    "abstract as async await base break case catch checked class const continue default "
    "delegate do else enum event explicit extern false finally fixed for foreach get goto if "
    "implicit in init interface internal is lock namespace new null operator out override "
    "params private protected public readonly record ref return sealed set sizeof stackalloc "
    "static struct switch this throw true try typeof unchecked unsafe using virtual volatile "
    "while yield"};
const WordSet csharp_types{"bool byte char decimal double dynamic float int long object sbyte "
                           "short string uint ulong ushort var void"};
const WordSet java_keywords{
    "abstract assert break case catch class const continue default do else enum extends final "
    "finally for goto if implements import instanceof interface native new package permits "
    "private protected public record return sealed static strictfp super switch synchronized "
    "this throw throws transient try var volatile while yield true false null"};
const WordSet java_types{"boolean byte char double float int long short void"};
const WordSet js_keywords{
    "async await break case catch class const continue debugger default delete do else export "
    "extends finally for from function get if import in instanceof let new of return set "
    "static super switch this throw try typeof var void while with yield true false null "
    "undefined NaN Infinity"};
const WordSet ts_keywords{
    "abstract as async await break case catch class const continue debugger declare default "
    "delete do else enum export extends finally for from function get if implements import in "
    "infer instanceof interface is keyof let module namespace new of private protected public "
    "readonly return satisfies set static super switch this throw try type typeof var void "
    "while with yield true false null undefined"};
const WordSet ts_types{"any bigint boolean never number object string symbol unknown void"};
const WordSet go_keywords{
    "break case chan const continue default defer else fallthrough for func go goto if import "
    "interface map package range return select struct switch type var true false nil iota"};
const WordSet go_types{"any bool byte complex64 complex128 error float32 float64 int int8 "
                       "int16 int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr"};
const WordSet rust_keywords{
    "as async await break const continue crate dyn else enum extern false fn for if impl in "
    "let loop match mod move mut pub ref return self Self static struct super trait true type "
    "unsafe use where while"};
const WordSet rust_types{"bool char f32 f64 i8 i16 i32 i64 i128 isize str u8 u16 u32 u64 u128 "
                         "usize"};
const WordSet kotlin_keywords{
    "as break by catch class companion constructor continue data do else enum false finally "
    "for fun get if import in init interface internal is lateinit null object open override "
    "package private protected public return sealed set super suspend this throw true try "
    "typealias val var when while"};
const WordSet swift_keywords{
    "any as associatedtype async await break case catch class continue default defer deinit "
    "do else enum extension fallthrough false fileprivate for func guard if import in init "
    "inout internal is let nil open operator private protocol public repeat rethrows return "
    "self Self some static struct subscript super switch throw throws true try typealias var "
    "where while"};
const WordSet php_keywords{
    "abstract and array as break callable case catch class clone const continue declare "
    "default do echo else elseif empty enddeclare endfor endforeach endif endswitch endwhile "
    "extends false final finally fn for foreach function global goto if implements include "
    "include_once instanceof insteadof interface isset list match namespace new null or print "
    "private protected public readonly require require_once return static switch throw trait "
    "true try unset use var while xor yield"};
const WordSet php_types{"bool float int iterable mixed never object parent self string void"};
const WordSet python_keywords{
    "False None True and as assert async await break case class continue def del elif else "
    "except finally for from global if import in is lambda match nonlocal not or pass raise "
    "return try while with yield"};
const WordSet python_types{"bool bytes dict float int list object set str tuple type"};
const WordSet ruby_keywords{
    "BEGIN END alias and begin break case class def do else elsif end ensure false for if in "
    "module next nil not or redo require rescue retry return self super then true undef "
    "unless until when while yield"};
const WordSet shell_keywords{
    "alias break case cd continue declare do done echo elif else esac eval exec exit export "
    "false fi for function if in local printf read readonly return select set shift source "
    "then test time trap true unset until while"};
const WordSet perl_keywords{
    "and cmp defined do else elsif eq for foreach ge gt if last le local lt my ne next no not "
    "or our package print qw redo require return sub undef unless until use while"};
const WordSet lua_keywords{"and break do else elseif end false for function goto if in local "
                           "nil not or repeat return then true until while"};
const WordSet sql_keywords{
    "add all alter and as asc begin between by cascade case check column commit constraint "
    "create cross default delete desc distinct drop else end exists explain foreign from full "
    "group having if in index inner insert into is join key left like limit natural not null "
    "offset on or order outer primary recursive references replace returning right rollback "
    "select set table then transaction trigger union unique update using values view when "
    "where with"};
const WordSet sql_types{"bigint blob boolean char date decimal double float int integer "
                        "numeric real serial smallint text time timestamp varchar"};
const WordSet css_keywords{"important inherit initial none unset auto"};
const WordSet literal_keywords{"true false null"};
const WordSet yaml_keywords{"true false null yes no on off True False Null"};
const WordSet make_keywords{"define else endef endif export ifdef ifeq ifndef ifneq include "
                            "override sinclude unexport vpath"};
const WordSet cmake_keywords{
    "add_compile_definitions add_compile_options add_custom_command add_custom_target "
    "add_definitions add_dependencies add_executable add_library add_subdirectory add_test "
    "break cmake_minimum_required configure_file continue else elseif enable_testing "
    "endforeach endfunction endif endmacro endwhile execute_process file find_library "
    "find_package find_path find_program foreach function if include include_directories "
    "install list macro message option project return set set_property "
    "set_target_properties string target_compile_definitions target_compile_features "
    "target_compile_options target_include_directories target_link_libraries "
    "target_link_options target_sources unset while"};
const WordSet cmake_types{"and defined false global imported interface no not object off on "
                          "or private public required shared static true yes"};
const WordSet docker_keywords{"add arg as cmd copy entrypoint env expose from healthcheck label "
                              "maintainer onbuild run shell stopsignal user volume workdir"};

} // namespace

namespace {

LanguageSpec c_like(std::string_view name, const WordSet& keywords, const WordSet* types)
{
    return {.name = name,
            .line_comment = "//",
            .block_open = "/*",
            .block_close = "*/",
            .quotes = "\"'",
            .keywords = &keywords,
            .types = types};
}

LanguageSpec hash_commented(std::string_view name, const WordSet& keywords)
{
    return {.name = name, .line_comment = "#", .quotes = "\"'", .keywords = &keywords};
}

std::vector<LanguageSpec> make_languages()
{
    std::vector<LanguageSpec> all;
    auto add = [&](LanguageSpec spec, auto&& adjust) {
        adjust(spec);
        all.push_back(spec);
    };
    auto same = [](LanguageSpec&) {
    };
    add(c_like("c", c_keywords, &c_types), [](LanguageSpec& s) {
        s.line_marker = '#';
        s.line_continues = true;
    });
    add(c_like("cpp", cpp_keywords, &cpp_types), [](LanguageSpec& s) {
        s.line_marker = '#';
        s.line_continues = true;
        s.cpp_raw_strings = true;
    });
    add(c_like("csharp", csharp_keywords, &csharp_types), [](LanguageSpec& s) {
        s.line_marker = '#';
        s.capitalised_types = true;
    });
    add(c_like("java", java_keywords, &java_types), [](LanguageSpec& s) {
        s.decorator = '@';
        s.capitalised_types = true;
    });
    add(c_like("javascript", js_keywords, nullptr), [](LanguageSpec& s) {
        s.quotes = "\"'`";
        s.multiline_quotes = "`";
    });
    add(c_like("typescript", ts_keywords, &ts_types), [](LanguageSpec& s) {
        s.quotes = "\"'`";
        s.multiline_quotes = "`";
        s.decorator = '@';
        s.capitalised_types = true;
    });
    add(c_like("go", go_keywords, &go_types), [](LanguageSpec& s) {
        s.quotes = "\"'`";
        s.multiline_quotes = "`";
        s.raw_quotes = "`";
    });
    add(c_like("rust", rust_keywords, &rust_types), [](LanguageSpec& s) {
        s.multiline_quotes = "\"";
        s.char_literals_only = true;
        s.line_marker = '#';
        s.capitalised_types = true;
    });
    add(c_like("kotlin", kotlin_keywords, nullptr), [](LanguageSpec& s) {
        s.decorator = '@';
        s.capitalised_types = true;
    });
    add(c_like("swift", swift_keywords, nullptr), [](LanguageSpec& s) {
        s.decorator = '@';
        s.capitalised_types = true;
    });
    add(c_like("php", php_keywords, &php_types), [](LanguageSpec& s) {
        s.other_line_comment = "#";
        s.multiline_quotes = "\"'";
        s.case_insensitive = true;
    });
    add(c_like("css", css_keywords, nullptr), [](LanguageSpec& s) {
        s.line_comment = "";
        s.decorator = '@';
        s.key_suffix = ':';
        s.dash_in_names = true;
    });
    add(c_like("json", literal_keywords, nullptr), [](LanguageSpec& s) {
        s.quotes = "\"";
        s.key_suffix = ':';
    });
    add(hash_commented("python", python_keywords), [](LanguageSpec& s) {
        s.triple_quotes = true;
        s.decorator = '@';
        s.types = &python_types;
    });
    add(hash_commented("ruby", ruby_keywords), [](LanguageSpec& s) {
        s.quotes = "\"'`";
        s.multiline_quotes = "\"'`";
        s.capitalised_types = true;
    });
    add(hash_commented("shell", shell_keywords), [](LanguageSpec& s) {
        s.quotes = "\"'`";
        s.multiline_quotes = "\"'`";
        s.raw_quotes = "'";
        s.comment_at_word_start = true;
        s.dollar_in_names = false;
        s.dash_in_names = true;
    });
    add(hash_commented("perl", perl_keywords), [](LanguageSpec& s) {
        s.multiline_quotes = "\"'";
        s.dollar_in_names = false;
    });
    add(hash_commented("yaml", yaml_keywords), [](LanguageSpec& s) {
        s.comment_at_word_start = true;
        s.key_suffix = ':';
        s.dash_in_names = true;
    });
    add(hash_commented("toml", literal_keywords), [](LanguageSpec& s) {
        s.triple_quotes = true;
        s.raw_quotes = "'";
        s.line_marker = '[';
        s.line_marker_kind = TokenKind::type;
        s.key_suffix = '=';
        s.dash_in_names = true;
    });
    add(hash_commented("ini", literal_keywords), [](LanguageSpec& s) {
        s.other_line_comment = ";";
        s.quotes = "\"";
        s.line_marker = '[';
        s.line_marker_kind = TokenKind::type;
        s.key_suffix = '=';
        s.dash_in_names = true;
    });
    add(hash_commented("makefile", make_keywords), [](LanguageSpec& s) {
        s.quotes = "";
        s.key_suffix = ':';
        s.dash_in_names = true;
        s.dollar_in_names = false;
    });
    add(hash_commented("cmake", cmake_keywords), [](LanguageSpec& s) {
        s.block_open = "#[[";
        s.block_close = "]]";
        s.quotes = "\"";
        s.multiline_quotes = "\"";
        s.case_insensitive = true;
        s.dollar_in_names = false;
        s.types = &cmake_types;
    });
    add(hash_commented("dockerfile", docker_keywords), [](LanguageSpec& s) {
        s.comment_at_word_start = true;
        s.case_insensitive = true;
        s.dollar_in_names = false;
    });
    add({.name = "lua",
         .line_comment = "--",
         .block_open = "--[[",
         .block_close = "]]",
         .quotes = "\"'",
         .keywords = &lua_keywords},
        same);
    add({.name = "sql",
         .line_comment = "--",
         .block_open = "/*",
         .block_close = "*/",
         .quotes = "'\"",
         .case_insensitive = true,
         .keywords = &sql_keywords,
         .types = &sql_types},
        same);
    add({.name = "markdown",
         .quotes = "`",
         .line_marker = '#',
         .line_marker_kind = TokenKind::keyword},
        same);
    add({.name = "html", .lexer = LexerKind::markup}, same);
    add({.name = "xml", .lexer = LexerKind::markup}, same);
    return all;
}

} // namespace

const LanguageSpec* find_language(std::string_view name)
{
    static const std::vector<LanguageSpec> all = make_languages();
    for (const auto& spec : all)
        if (spec.name == name)
            return &spec;
    return nullptr;
}

} // namespace ui::text
