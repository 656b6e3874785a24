// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/template.h"

#include "ui/i18n.h"
#include "ui/text/escape.h"

#include <algorithm>

namespace ui {

// ---- values -------------------------------------------------------------------------

Value::Value(std::string text)
    : m_kind(Kind::text)
    , m_text(std::move(text))
{
}
Value::Value(std::string_view text)
    : Value(std::string(text))
{
}
Value::Value(const char* text)
    : Value(std::string(text))
{
}
Value::Value(SafeHtml markup)
    : m_kind(Kind::markup)
    , m_text(markup.str())
{
}
Value::Value(bool flag)
    : m_kind(Kind::flag)
    , m_number(flag ? 1 : 0)
{
}
Value::Value(int number)
    : Value(static_cast<int64_t>(number))
{
}
Value::Value(int64_t number)
    : m_kind(Kind::number)
    , m_number(number)
{
}
Value::Value(uint64_t number)
    : Value(static_cast<int64_t>(number))
{
}
Value::Value(List list)
    : m_kind(Kind::list)
    , m_list(std::make_shared<List>(std::move(list)))
{
}
Value::Value(Map map)
    : m_kind(Kind::map)
    , m_map(std::make_shared<Map>(std::move(map)))
{
}

bool Value::truthy() const
{
    switch (m_kind) {
    case Kind::null:
        return false;
    case Kind::text:
    case Kind::markup:
        return !m_text.empty();
    case Kind::flag:
    case Kind::number:
        return m_number != 0;
    case Kind::list:
        return !m_list->empty();
    case Kind::map:
        return true;
    }
    return false;
}

const Value* Value::member(std::string_view key) const
{
    if (m_kind != Kind::map)
        return nullptr;
    auto found = m_map->find(key);
    return found == m_map->end() ? nullptr : &found->second;
}

void Value::write(std::string& out) const
{
    switch (m_kind) {
    case Kind::text:
        text::append_escaped(out, m_text);
        break;
    case Kind::markup:
        out += m_text;
        break;
    case Kind::number:
        out += std::to_string(m_number);
        break;
    default:
        break;
    }
}

Value& Value::set(std::string key, Value value)
{
    if (m_kind != Kind::map) {
        m_kind = Kind::map;
        m_map = std::make_shared<Map>();
    } else if (m_map.use_count() > 1) {
        m_map = std::make_shared<Map>(*m_map); // copies share until one of them changes
    }
    (*m_map)[std::move(key)] = std::move(value);
    return *this;
}

Value& Value::push(Value value)
{
    if (m_kind != Kind::list) {
        m_kind = Kind::list;
        m_list = std::make_shared<List>();
    } else if (m_list.use_count() > 1) {
        m_list = std::make_shared<List>(*m_list);
    }
    m_list->push_back(std::move(value));
    return *this;
}

// ---- parsing ------------------------------------------------------------------------

struct TemplateSet::Node {
    enum class Kind { text, value, if_, unless, each, partial, translate };
    Kind kind = Kind::text;
    std::string text;               // literal text, partial name or text to translate
    std::vector<std::string> paths; // the value's path, or the translation's arguments
    std::vector<Node> children;
    std::vector<Node> otherwise; // after {{#else}}
};

namespace {

using Node = TemplateSet::Node;

struct Tag {
    std::string_view body; // between the braces, trimmed
    size_t line = 1;
};

std::string_view trim(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\n'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n'))
        text.remove_suffix(1);
    return text;
}

class Parser {
  public:
    Parser(std::string_view name, std::string_view source)
        : m_name(name)
        , m_source(source)
    {
    }

    forge::Result<std::vector<Node>> parse()
    {
        std::vector<Node> nodes;
        std::string_view closer;
        TRY(parse_into(nodes, closer));
        if (!closer.empty())
            return error("unexpected {{" + std::string(closer) + "}}");
        return nodes;
    }

  private:
    forge::Error error(std::string message) const
    {
        return forge::Error::invalid_argument("template '" + m_name + "' line " +
                                              std::to_string(m_line) + ": " + message);
    }

    // Parses until the end or a closing/else tag, which is returned in `closer`.
    forge::Result<void> parse_into(std::vector<Node>& nodes, std::string_view& closer)
    {
        while (m_position < m_source.size()) {
            size_t open = m_source.find("{{", m_position);
            std::string_view text = m_source.substr(m_position, open - m_position);
            if (!text.empty())
                nodes.push_back(Node{Node::Kind::text, std::string(text), {}, {}, {}});
            m_line += static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
            if (open == std::string_view::npos) {
                m_position = m_source.size();
                break;
            }
            size_t close = m_source.find("}}", open + 2);
            if (close == std::string_view::npos)
                return error("unclosed {{");
            std::string_view body = m_source.substr(open + 2, close - open - 2);
            m_position = close + 2;
            size_t tag_line = m_line;
            m_line += static_cast<size_t>(std::count(body.begin(), body.end(), '\n'));
            body = trim(body);
            if (body.starts_with('/') || body == "#else") {
                closer = body;
                return {};
            }
            TRY(parse_tag(nodes, body, tag_line));
        }
        closer = {};
        return {};
    }

    forge::Result<void> parse_tag(std::vector<Node>& nodes, std::string_view body, size_t line)
    {
        if (body.starts_with('!'))
            return {};
        if (body.starts_with('#'))
            return parse_block(nodes, body.substr(1));
        if (body.starts_with('>')) {
            auto name = trim(body.substr(1));
            nodes.push_back(Node{Node::Kind::partial, std::string(name), {}, {}, {}});
            return {};
        }
        if (body.starts_with("t ") || body.starts_with("t\""))
            return parse_translation(nodes, trim(body.substr(1)));
        if (body.empty() || body.find(' ') != std::string_view::npos)
            return forge::Error::invalid_argument("template '" + m_name + "' line " +
                                                  std::to_string(line) + ": bad tag {{" +
                                                  std::string(body) + "}}");
        nodes.push_back(Node{Node::Kind::value, {}, {std::string(body)}, {}, {}});
        return {};
    }

    forge::Result<void> parse_block(std::vector<Node>& nodes, std::string_view body)
    {
        size_t space = body.find(' ');
        std::string_view keyword = body.substr(0, space);
        std::string_view path =
            space == std::string_view::npos ? std::string_view{} : trim(body.substr(space));
        Node node;
        if (keyword == "if")
            node.kind = Node::Kind::if_;
        else if (keyword == "unless")
            node.kind = Node::Kind::unless;
        else if (keyword == "each")
            node.kind = Node::Kind::each;
        else
            return error("unknown block {{#" + std::string(keyword) + "}}");
        if (path.empty())
            return error("{{#" + std::string(keyword) + "}} needs a value");
        node.paths.emplace_back(path);
        std::string_view closer;
        TRY(parse_into(node.children, closer));
        if (closer == "#else")
            TRY(parse_into(node.otherwise, closer));
        if (closer != "/" + std::string(keyword))
            return error("{{#" + std::string(keyword) + "}} closed by {{" + std::string(closer) +
                         "}}");
        nodes.push_back(std::move(node));
        return {};
    }

    forge::Result<void> parse_translation(std::vector<Node>& nodes, std::string_view body)
    {
        if (!body.starts_with('"'))
            return error("{{t}} needs a quoted text");
        size_t end = body.find('"', 1);
        if (end == std::string_view::npos)
            return error("unclosed text in {{t}}");
        Node node{Node::Kind::translate, std::string(body.substr(1, end - 1)), {}, {}, {}};
        std::string_view rest = trim(body.substr(end + 1));
        while (!rest.empty()) {
            size_t space = rest.find(' ');
            node.paths.emplace_back(rest.substr(0, space));
            rest = space == std::string_view::npos ? std::string_view{} : trim(rest.substr(space));
        }
        nodes.push_back(std::move(node));
        return {};
    }

    std::string m_name;
    std::string_view m_source;
    size_t m_position = 0;
    size_t m_line = 1;
};

// ---- rendering ----------------------------------------------------------------------

using Templates = std::map<std::string, std::vector<Node>, std::less<>>;

class Renderer {
  public:
    Renderer(const Templates& templates, const Translations& translations, std::string& out)
        : m_templates(templates)
        , m_translations(translations)
        , m_out(out)
    {
    }

    void render(const std::vector<Node>& nodes, std::vector<const Value*>& scopes)
    {
        for (const auto& node : nodes)
            render(node, scopes);
    }

  private:
    static const Value* lookup(std::string_view path, const std::vector<const Value*>& scopes)
    {
        if (path == ".")
            return scopes.back();
        size_t dot = path.find('.');
        std::string_view first = path.substr(0, dot);
        const Value* found = nullptr;
        for (auto scope = scopes.rbegin(); scope != scopes.rend() && !found; ++scope)
            found = (*scope)->member(first);
        while (found && dot != std::string_view::npos) {
            path = path.substr(dot + 1);
            dot = path.find('.');
            found = found->member(path.substr(0, dot));
        }
        return found;
    }

    void render(const Node& node, std::vector<const Value*>& scopes)
    {
        switch (node.kind) {
        case Node::Kind::text:
            m_out += node.text;
            break;
        case Node::Kind::value:
            if (const Value* value = lookup(node.paths[0], scopes))
                value->write(m_out);
            break;
        case Node::Kind::if_:
        case Node::Kind::unless: {
            const Value* value = lookup(node.paths[0], scopes);
            bool yes = (value && value->truthy()) == (node.kind == Node::Kind::if_);
            render(yes ? node.children : node.otherwise, scopes);
            break;
        }
        case Node::Kind::each:
            render_each(node, scopes);
            break;
        case Node::Kind::partial:
            if (auto found = m_templates.find(node.text); found != m_templates.end())
                render(found->second, scopes);
            break;
        case Node::Kind::translate:
            render_translation(node, scopes);
            break;
        }
    }

    void render_each(const Node& node, std::vector<const Value*>& scopes)
    {
        const Value* value = lookup(node.paths[0], scopes);
        const Value::List* items = value ? value->list() : nullptr;
        if (!items || items->empty()) {
            render(node.otherwise, scopes);
            return;
        }
        for (const auto& item : *items) {
            scopes.push_back(&item);
            render(node.children, scopes);
            scopes.pop_back();
        }
    }

    void render_translation(const Node& node, std::vector<const Value*>& scopes)
    {
        std::string text = escape(m_translations.get(node.text)).str();
        if (node.paths.empty()) {
            m_out += text;
            return;
        }
        std::vector<std::string> arguments;
        for (const auto& path : node.paths) {
            std::string argument;
            if (const Value* value = lookup(path, scopes))
                value->write(argument);
            arguments.push_back(std::move(argument));
        }
        m_out += format_text(text, arguments);
    }

    const Templates& m_templates;
    const Translations& m_translations;
    std::string& m_out;
};

void collect_texts(const std::vector<Node>& nodes, std::vector<std::string>& texts)
{
    for (const auto& node : nodes) {
        if (node.kind == Node::Kind::translate)
            texts.push_back(node.text);
        collect_texts(node.children, texts);
        collect_texts(node.otherwise, texts);
    }
}

std::string first_missing_partial(const std::vector<Node>& nodes, const Templates& templates)
{
    for (const auto& node : nodes) {
        if (node.kind == Node::Kind::partial && !templates.contains(node.text))
            return node.text;
        for (const auto* children : {&node.children, &node.otherwise})
            if (auto missing = first_missing_partial(*children, templates); !missing.empty())
                return missing;
    }
    return {};
}

} // namespace

TemplateSet::TemplateSet() = default;
TemplateSet::~TemplateSet() = default;
TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet& TemplateSet::operator=(TemplateSet&&) noexcept = default;

forge::Result<void> TemplateSet::add(std::string name, std::string_view source)
{
    Parser parser(name, source);
    auto nodes = TRY(parser.parse());
    m_templates[std::move(name)] = std::move(nodes);
    return {};
}

bool TemplateSet::has(std::string_view name) const
{
    return m_templates.contains(name);
}

SafeHtml TemplateSet::render(std::string_view name, const Value& data,
                             const Translations& translations) const
{
    std::string out;
    auto found = m_templates.find(name);
    if (found == m_templates.end())
        return SafeHtml::trusted(std::move(out));
    std::vector<const Value*> scopes{&data};
    Renderer(m_templates, translations, out).render(found->second, scopes);
    return SafeHtml::trusted(std::move(out));
}

forge::Result<void> TemplateSet::check_partials() const
{
    for (const auto& [name, nodes] : m_templates)
        if (auto missing = first_missing_partial(nodes, m_templates); !missing.empty())
            return forge::Error::invalid_argument("template '" + name +
                                                  "' includes unknown template '" + missing + "'");
    return {};
}

std::vector<std::string> TemplateSet::translatable_texts() const
{
    std::vector<std::string> texts;
    for (const auto& [name, nodes] : m_templates)
        collect_texts(nodes, texts);
    return texts;
}

} // namespace ui
