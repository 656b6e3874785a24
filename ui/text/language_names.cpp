// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
//
// Which language a file name or a code fence's info string names.
#include "ui/text/escape.h"
#include "ui/text/highlight.h"
#include "ui/text/languages.h"

#include <span>
#include <utility>

namespace ui::text {

namespace {

// File names that say their language without an extension, or against it.
using NamePair = std::pair<std::string_view, std::string_view>;

constexpr NamePair known_names[] = {
    {"makefile", "makefile"},
    {"gnumakefile", "makefile"},
    {"cmakelists.txt", "cmake"},
    {"dockerfile", "dockerfile"},
    {"containerfile", "dockerfile"},
    {"gemfile", "ruby"},
    {"rakefile", "ruby"},
    {".bashrc", "shell"},
    {".bash_profile", "shell"},
    {".profile", "shell"},
    {".zshrc", "shell"},
    {".gitconfig", "ini"},
    {".editorconfig", "ini"},
    {"cargo.lock", "toml"},
};

constexpr NamePair known_extensions[] = {
    {"c", "c"},
    {"h", "cpp"},
    {"cc", "cpp"},
    {"cpp", "cpp"},
    {"cxx", "cpp"},
    {"c++", "cpp"},
    {"hh", "cpp"},
    {"hpp", "cpp"},
    {"hxx", "cpp"},
    {"ipp", "cpp"},
    {"tpp", "cpp"},
    {"inl", "cpp"},
    {"cs", "csharp"},
    {"css", "css"},
    {"scss", "css"},
    {"less", "css"},
    {"cmake", "cmake"},
    {"dockerfile", "dockerfile"},
    {"go", "go"},
    {"html", "html"},
    {"htm", "html"},
    {"xhtml", "html"},
    {"ini", "ini"},
    {"cfg", "ini"},
    {"conf", "ini"},
    {"java", "java"},
    {"js", "javascript"},
    {"mjs", "javascript"},
    {"cjs", "javascript"},
    {"jsx", "javascript"},
    {"json", "json"},
    {"jsonc", "json"},
    {"kt", "kotlin"},
    {"kts", "kotlin"},
    {"lua", "lua"},
    {"mk", "makefile"},
    {"mak", "makefile"},
    {"md", "markdown"},
    {"markdown", "markdown"},
    {"pl", "perl"},
    {"pm", "perl"},
    {"php", "php"},
    {"py", "python"},
    {"pyi", "python"},
    {"pyw", "python"},
    {"rb", "ruby"},
    {"rake", "ruby"},
    {"gemspec", "ruby"},
    {"rs", "rust"},
    {"sh", "shell"},
    {"bash", "shell"},
    {"zsh", "shell"},
    {"ksh", "shell"},
    {"sql", "sql"},
    {"swift", "swift"},
    {"toml", "toml"},
    {"ts", "typescript"},
    {"tsx", "typescript"},
    {"mts", "typescript"},
    {"cts", "typescript"},
    {"xml", "xml"},
    {"xsd", "xml"},
    {"xsl", "xml"},
    {"xslt", "xml"},
    {"svg", "xml"},
    {"plist", "xml"},
    {"csproj", "xml"},
    {"yml", "yaml"},
    {"yaml", "yaml"},
    {"ebuild", "shell"},
    {"bats", "shell"},
};

// Names for fenced code blocks that are neither canonical names nor file extensions.
constexpr NamePair known_aliases[] = {
    {"c#", "csharp"},         {"golang", "go"},     {"python3", "python"}, {"node", "javascript"},
    {"docker", "dockerfile"}, {"make", "makefile"}, {"console", "shell"},  {"yml", "yaml"},
};

std::string lookup(std::span<const NamePair> table, std::string_view key)
{
    for (const auto& [name, language] : table)
        if (name == key)
            return std::string(language);
    return {};
}

} // namespace

std::string language_for(std::string_view file_name)
{
    auto slash = file_name.find_last_of("/\\");
    if (slash != std::string_view::npos)
        file_name.remove_prefix(slash + 1);
    std::string name = ascii_lower(file_name);
    if (auto language = lookup(known_names, name); !language.empty())
        return language;
    if (name.starts_with("dockerfile."))
        return "dockerfile";
    auto dot = name.rfind('.');
    if (dot == std::string::npos || dot + 1 == name.size())
        return {};
    return lookup(known_extensions, std::string_view(name).substr(dot + 1));
}

std::string language_named(std::string_view name)
{
    std::string key = ascii_lower(name);
    if (key.empty() || key.find_first_of("/\\") != std::string::npos)
        return {};
    if (find_language(key))
        return key;
    if (auto language = lookup(known_aliases, key); !language.empty())
        return language;
    return language_for("x." + key);
}

} // namespace ui::text
