// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "forge/common/result.h"
#include "ui/html.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

// The page templates: a small logic-less language whose only output primitive escapes.
//
//   {{name.path}}             the value, escaped; SafeHtml values are the one way to
//                             emit markup, and only code can make them
//   {{#if path}}..{{#else}}..{{/if}}   {{#unless path}}..{{/unless}}
//   {{#each path}}..{{#else}}..{{/each}}  per item; "." is the item, and names are
//                             looked up in the item first, then outwards
//   {{> name}}                another template, with the same data
//   {{t "Text" path...}}      "Text" in the page's language, escaped; {0}, {1}.. in
//                             it are replaced by the escaped values of the paths
//   {{! comment }}
namespace ui {

class Translations;

// The data a template renders: text, safe markup, flags, numbers, lists and maps.
class Value {
  public:
    using List = std::vector<Value>;
    using Map = std::map<std::string, Value, std::less<>>;

    Value() = default;
    Value(std::string text);
    Value(std::string_view text);
    Value(const char* text);
    Value(SafeHtml markup);
    Value(bool flag);
    Value(int number);
    Value(int64_t number);
    Value(uint64_t number);
    Value(List list);
    Value(Map map);

    // False for null, false, 0, "" and empty lists; true otherwise.
    bool truthy() const;
    // The member `key` of a map; null for other kinds and missing keys.
    const Value* member(std::string_view key) const;
    const List* list() const { return m_kind == Kind::list ? m_list.get() : nullptr; }
    // Writes the value as HTML: text escaped, markup as is, numbers in decimal.
    void write(std::string& out) const;

    // Adds or replaces a member; turns a null value into a map first.
    Value& set(std::string key, Value value);
    // Appends to a list; turns a null value into a list first.
    Value& push(Value value);

  private:
    enum class Kind { null, text, markup, flag, number, list, map };
    Kind m_kind = Kind::null;
    std::string m_text;
    int64_t m_number = 0;
    std::shared_ptr<List> m_list;
    std::shared_ptr<Map> m_map;
};

// Parsed templates by name. Parsing checks the whole syntax up front, so a broken
// template fails at start-up (and in the unit tests), not when its page is first shown.
class TemplateSet {
  public:
    TemplateSet();
    ~TemplateSet();
    TemplateSet(TemplateSet&&) noexcept;
    TemplateSet& operator=(TemplateSet&&) noexcept;

    // invalid_argument naming the template and line when the source does not parse.
    forge::Result<void> add(std::string name, std::string_view source);
    bool has(std::string_view name) const;

    // Renders `name`; partials come from this set. Unknown templates and partials render
    // nothing but are reported by add()/check_partials() beforehand.
    SafeHtml render(std::string_view name, const Value& data, const Translations&) const;

    // invalid_argument naming the first {{> partial}} that names no template.
    forge::Result<void> check_partials() const;
    // Every {{t "..."}} text of every template, for the catalogue completeness test.
    std::vector<std::string> translatable_texts() const;

    struct Node;

  private:
    std::map<std::string, std::vector<Node>, std::less<>> m_templates;
};

} // namespace ui
