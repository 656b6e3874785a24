// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "ui/text/markdown.h"

#include "ui/text/autolink.h"
#include "ui/text/escape.h"
#include "ui/text/heading_ids.h"
#include "ui/text/highlight.h"
#include "ui/text/links.h"

#include <algorithm>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <memory>
#include <mutex>
#include <new>
#include <unordered_map>
#include <vector>

namespace ui::text {

namespace {

// Without CMARK_OPT_UNSAFE, cmark renders every piece of raw HTML as a comment
// ("raw HTML omitted") and drops dangerous link targets; we filter URLs ourselves as
// well, with an allowlist rather than cmark's denylist. VALIDATE_UTF8 replaces invalid
// bytes, so that the output is valid UTF-8.
constexpr int cmark_options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8;

// Not "autolink": autolink.h says why. "table" only for documents whose lines have at most
// this many '|': the extension takes time quadratic in a row's cells (1.6 s for one row of
// 8000 cells), so a longer row is left as text rather than let a page render for seconds.
constexpr const char* extension_names[] = {"strikethrough", "tasklist"};
constexpr std::size_t max_table_cells = 128;

bool has_long_rows(std::string_view markdown)
{
    std::size_t cells = 0;
    for (char c : markdown) {
        if (c == '\n')
            cells = 0;
        else if (c == '|' && ++cells > max_table_cells)
            return true;
    }
    return false;
}

// Heading ids of repository documents start with this, as GitHub's do, so that they cannot
// take the ids of the page around them; fragment links are rewritten to match.
constexpr std::string_view id_prefix = "user-content-";

cmark_mem* allocator()
{
    return cmark_get_default_mem_allocator();
}

struct ParserFree {
    void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeFree {
    void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterFree {
    void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
struct HtmlFree {
    void operator()(char* html) const { allocator()->free(html); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserFree>;
using NodePtr = std::unique_ptr<cmark_node, NodeFree>;
using IterPtr = std::unique_ptr<cmark_iter, IterFree>;
using HtmlPtr = std::unique_ptr<char, HtmlFree>;

// Nodes taken out of the tree, kept until the HTML is rendered: cmark's text nodes may
// point into the text buffer of the block they came from instead of owning their text, so
// a heading whose children moved elsewhere must live as long as they are read.
using Detached = std::vector<NodePtr>;

void detach(cmark_node* node, Detached& detached)
{
    cmark_node_unlink(node);
    detached.emplace_back(node);
}

ParserPtr make_parser(std::string_view markdown)
{
    // Registration writes a global list; once, before any thread reads it.
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });
    ParserPtr parser(cmark_parser_new_with_mem(cmark_options, allocator()));
    if (!parser)
        throw std::bad_alloc();
    for (const char* name : extension_names)
        if (auto* extension = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), extension);
    if (auto* table = cmark_find_syntax_extension("table"); table && !has_long_rows(markdown))
        cmark_parser_attach_syntax_extension(parser.get(), table);
    return parser;
}

std::string_view literal_or_empty(const char* text)
{
    return text ? std::string_view(text) : std::string_view();
}

std::string literal_of(cmark_node* node)
{
    return std::string(literal_or_empty(cmark_node_get_literal(node)));
}

cmark_node* new_node(cmark_node_type type)
{
    cmark_node* node = cmark_node_new_with_mem(type, allocator());
    if (!node)
        throw std::bad_alloc();
    return node;
}

// Moves the children of `from` in front of `before`, or to the end of `into`; what cannot
// move stays and goes with `from`.
void move_children_before(cmark_node* from, cmark_node* before)
{
    while (cmark_node* child = cmark_node_first_child(from))
        if (!cmark_node_insert_before(before, child))
            return;
}

void move_children_into(cmark_node* from, cmark_node* into)
{
    while (cmark_node* child = cmark_node_first_child(from))
        if (!cmark_node_append_child(into, child))
            return;
}

// Puts a custom node that renders as `enter` children `exit` in the place of `node`, with
// its children. False, with nothing changed, when the tree refuses the custom node there.
bool replace_with_custom(cmark_node* node, cmark_node_type type, const std::string& enter,
                         const std::string& exit, Detached& detached)
{
    cmark_node* custom = new_node(type);
    cmark_node_set_on_enter(custom, enter.c_str());
    cmark_node_set_on_exit(custom, exit.c_str());
    if (!cmark_node_insert_before(node, custom)) {
        cmark_node_free(custom);
        return false;
    }
    move_children_into(node, custom);
    detach(node, detached);
    return true;
}

// Drops a link or image and keeps its text in its place.
void unwrap(cmark_node* node, Detached& detached)
{
    move_children_before(node, node);
    detach(node, detached);
}

// The text a reader sees in a heading; image descriptions are not part of it.
std::string heading_text(cmark_node* heading)
{
    std::string text;
    int in_image = 0;
    IterPtr iter(cmark_iter_new(heading));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        auto type = cmark_node_get_type(node);
        if (type == CMARK_NODE_IMAGE)
            in_image += event == CMARK_EVENT_ENTER ? 1 : -1;
        else if (in_image == 0 && (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE))
            text += literal_of(node);
    }
    return text;
}

void rewrite_heading(cmark_node* heading, const std::string& id, Detached& detached)
{
    // A document shown inside a page sits below the page's own h1 (and the h2 naming the
    // file), so its headings move one level down.
    std::string level = std::to_string(std::min(cmark_node_get_heading_level(heading) + 1, 6));
    std::string enter = "<h" + level;
    if (!id.empty()) {
        enter += " id=\"";
        append_escaped(enter, id);
        enter += '"';
    }
    enter += '>';
    // A custom block puts line ends around its own markup; wrapped in one with none, the
    // heading's markup sits in a custom inline and hugs its text, as cmark's own does.
    cmark_node* block = new_node(CMARK_NODE_CUSTOM_BLOCK);
    if (!cmark_node_insert_before(heading, block)) {
        cmark_node_free(block);
        return;
    }
    if (!cmark_node_append_child(block, heading)) {
        detach(block, detached);
        return;
    }
    replace_with_custom(heading, CMARK_NODE_CUSTOM_INLINE, enter, "</h" + level + ">", detached);
}

void rewrite_link(cmark_node* link, const LinkBase* base, Detached& detached)
{
    std::string url = clean_url(literal_or_empty(cmark_node_get_url(link)));
    auto kind = classify_url(url);
    if (kind == UrlKind::unsafe) {
        unwrap(link, detached);
        return;
    }
    if (kind == UrlKind::relative && base)
        url = resolve_relative(base->blob_root, base->dir, url);
    if (kind == UrlKind::fragment && base && url.size() > 1 &&
        !std::string_view(url).substr(1).starts_with(id_prefix))
        url = "#" + std::string(id_prefix) + url.substr(1);
    cmark_node_set_url(link, url.c_str());
    std::string enter = "<a href=\"" + attribute_url(url) + '"';
    if (auto title = literal_or_empty(cmark_node_get_title(link)); !title.empty()) {
        enter += " title=\"";
        append_escaped(enter, title);
        enter += '"';
    }
    if (kind == UrlKind::web)
        enter += " rel=\"nofollow noopener\"";
    enter += '>';
    replace_with_custom(link, CMARK_NODE_CUSTOM_INLINE, enter, "</a>", detached);
}

void rewrite_image(cmark_node* image, const LinkBase* base, Detached& detached)
{
    std::string url = clean_url(literal_or_empty(cmark_node_get_url(image)));
    auto kind = classify_url(url);
    if (kind == UrlKind::unsafe || kind == UrlKind::mail) {
        unwrap(image, detached);
        return;
    }
    if (kind == UrlKind::relative && base)
        url = resolve_relative(base->raw_root, base->dir, url);
    cmark_node_set_url(image, url.c_str());
}

// Fenced code in a language the highlighter knows becomes highlighted HTML.
void rewrite_code_block(cmark_node* block, Detached& detached)
{
    std::string_view info = literal_or_empty(cmark_node_get_fence_info(block));
    std::string language = language_named(info.substr(0, info.find_first_of(" \t{,")));
    if (language.empty())
        return;
    std::string html = "<pre><code class=\"language-" + language + "\">";
    for (const auto& line : highlight_lines(literal_of(block), language)) {
        html += line;
        html += '\n';
    }
    html += "</code></pre>";
    replace_with_custom(block, CMARK_NODE_CUSTOM_BLOCK, html, "", detached);
}

// The first text node of each run of adjacent ones outside links, images and code: cmark
// splits text at characters that could have been markup, and an address may span pieces.
std::vector<cmark_node*> text_runs(cmark_node* document)
{
    std::vector<cmark_node*> runs;
    int in_link = 0;
    IterPtr iter(cmark_iter_new(document));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        auto type = cmark_node_get_type(node);
        if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
            in_link += event == CMARK_EVENT_ENTER ? 1 : -1;
        else if (type == CMARK_NODE_TEXT && in_link == 0 &&
                 cmark_node_get_type(cmark_node_previous(node)) != CMARK_NODE_TEXT)
            runs.push_back(node);
    }
    return runs;
}

// Joins the text nodes that follow `first` into it; returns the joined text.
std::string join_text_run(cmark_node* first)
{
    std::string text = literal_of(first);
    cmark_node* next = cmark_node_next(first);
    if (cmark_node_get_type(next) != CMARK_NODE_TEXT)
        return text;
    while (cmark_node_get_type(next) == CMARK_NODE_TEXT) {
        text += literal_of(next);
        cmark_node* after = cmark_node_next(next);
        cmark_node_free(next);
        next = after;
    }
    cmark_node_set_literal(first, text.c_str());
    return text;
}

cmark_node* new_text(const std::string& text)
{
    cmark_node* node = new_node(CMARK_NODE_TEXT);
    cmark_node_set_literal(node, text.c_str());
    return node;
}

void insert_before(cmark_node* anchor, cmark_node* node)
{
    if (!cmark_node_insert_before(anchor, node))
        cmark_node_free(node);
}

struct LinkSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string url;
};

// The autolinks of a text, and the references the linker has a target for, in order.
std::vector<LinkSpan> link_spans(const std::string& text, const ReferenceLinker* linker)
{
    std::vector<LinkSpan> spans;
    for (auto& link : find_autolinks(text))
        spans.push_back({link.begin, link.end, std::move(link.url)});
    if (!linker)
        return spans;
    std::size_t autolinks = spans.size();
    for (const auto& reference : forge::find_references(text)) {
        bool inside = false;
        for (std::size_t i = 0; i < autolinks && !inside; ++i)
            inside = reference.begin < spans[i].end && spans[i].begin < reference.end;
        if (inside)
            continue;
        std::string url = (*linker)(reference);
        if (!url.empty())
            spans.push_back({reference.begin, reference.end, std::move(url)});
    }
    std::sort(spans.begin(), spans.end(),
              [](const LinkSpan& a, const LinkSpan& b) { return a.begin < b.begin; });
    return spans;
}

// Splits a text node at its autolinks and references into text and link nodes.
void autolink(cmark_node* text_node, const ReferenceLinker* linker)
{
    std::string text = join_text_run(text_node);
    auto links = link_spans(text, linker);
    if (links.empty())
        return;
    std::size_t done = 0;
    for (const auto& link : links) {
        if (link.begin > done)
            insert_before(text_node, new_text(text.substr(done, link.begin - done)));
        cmark_node* node = new_node(CMARK_NODE_LINK);
        cmark_node_set_url(node, link.url.c_str());
        cmark_node* label = new_text(text.substr(link.begin, link.end - link.begin));
        if (!cmark_node_append_child(node, label))
            cmark_node_free(label);
        insert_before(text_node, node);
        done = link.end;
    }
    if (done < text.size())
        cmark_node_set_literal(text_node, text.substr(done).c_str());
    else
        cmark_node_free(text_node);
}

// Links, images, headings and code blocks in document order. The tree may only change
// once the iterator is done with it.
std::vector<cmark_node*> nodes_to_rewrite(cmark_node* document)
{
    std::vector<cmark_node*> nodes;
    IterPtr iter(cmark_iter_new(document));
    cmark_event_type event;
    while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
        if (event != CMARK_EVENT_ENTER)
            continue;
        cmark_node* node = cmark_iter_get_node(iter.get());
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_LINK:
        case CMARK_NODE_IMAGE:
        case CMARK_NODE_HEADING:
        case CMARK_NODE_CODE_BLOCK:
            nodes.push_back(node);
            break;
        default:
            break;
        }
    }
    return nodes;
}

void rewrite(cmark_node* document, const LinkBase* base, const ReferenceLinker* linker,
             Detached& detached)
{
    for (cmark_node* run : text_runs(document))
        autolink(run, linker);
    auto nodes = nodes_to_rewrite(document);
    // Ids go to headings in document order, before any heading changes. Only documents
    // of a repository get them: one page shows many comments, whose ids would repeat.
    HeadingIds heading_ids;
    std::unordered_map<cmark_node*, std::string> ids;
    for (cmark_node* node : nodes) {
        if (base && cmark_node_get_type(node) == CMARK_NODE_HEADING) {
            auto id = heading_ids.next(heading_text(node));
            ids[node] = id.empty() ? id : std::string(id_prefix) + id;
        }
    }
    // Last first: a node's descendants come after it, so they are rewritten before it may
    // be detached with what could not move out of it, and no pointer in `nodes` is left
    // dangling. Each node is detached once at most, so `detached` need not grow (and throw)
    // between unlinking a node and taking it.
    detached.reserve(nodes.size());
    for (auto it = nodes.rbegin(); it != nodes.rend(); ++it) {
        switch (cmark_node_get_type(*it)) {
        case CMARK_NODE_LINK:
            rewrite_link(*it, base, detached);
            break;
        case CMARK_NODE_IMAGE:
            rewrite_image(*it, base, detached);
            break;
        case CMARK_NODE_HEADING:
            if (base)
                rewrite_heading(*it, ids[*it], detached);
            break;
        default:
            rewrite_code_block(*it, detached);
            break;
        }
    }
}

std::string render(std::string_view markdown, const LinkBase* base, const ReferenceLinker* linker)
{
    ParserPtr parser = make_parser(markdown);
    cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
    NodePtr document(cmark_parser_finish(parser.get()));
    if (!document)
        throw std::bad_alloc();
    Detached detached;
    rewrite(document.get(), base, linker, detached);
    HtmlPtr html(cmark_render_html_with_mem(document.get(), cmark_options,
                                            cmark_parser_get_syntax_extensions(parser.get()),
                                            allocator()));
    if (!html)
        throw std::bad_alloc();
    return std::string(html.get());
}

} // namespace

std::string render_markdown(std::string_view markdown, const LinkBase& base)
{
    return render(markdown, &base, nullptr);
}

std::string render_markdown(std::string_view markdown)
{
    return render(markdown, nullptr, nullptr);
}

std::string render_markdown(std::string_view markdown, const LinkBase& base,
                            const ReferenceLinker& linker)
{
    return render(markdown, &base, &linker);
}

} // namespace ui::text
