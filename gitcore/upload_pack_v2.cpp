// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/upload_pack_v2.h"

#include "gitcore/pack_objects.h"
#include "gitcore/packet_io.h"
#include "gitcore/reachability.h"
#include "gitcore/refs.h"

#include <charconv>

namespace gitcore {

namespace fs = std::filesystem;

struct UploadPackV2::State {
    fs::path repo;
    PackCache* cache = nullptr;
    std::string command;
    // ls-refs
    bool symrefs = false;
    bool peel = false;
    bool unborn = false;
    std::vector<std::string> prefixes;
    // fetch
    std::vector<std::string> wants;
    std::vector<std::pair<std::string, std::string>> wanted_refs; // id, name
    std::vector<std::string> haves;                               // only those we have
    bool done = false;
    bool wait_for_done = false;
    PackRequest pack;
    DeepenRequest deepen;
    bool shallow_info = false;
    bool seen_haves = false;
    DeepenResult deepened; // computed in prepare(), so that its errors become a 400
};

namespace {

bool starts_with(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

forge::Result<int64_t> parse_number(std::string_view text, std::string_view what)
{
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0)
        return forge::Error::invalid_argument("invalid " + std::string(what));
    return value;
}

forge::Result<void> parse_ls_refs_argument(UploadPackV2::State& s, std::string_view argument)
{
    if (argument == "symrefs")
        s.symrefs = true;
    else if (argument == "peel")
        s.peel = true;
    else if (argument == "unborn")
        s.unborn = true;
    else if (starts_with(argument, "ref-prefix "))
        s.prefixes.emplace_back(argument.substr(11));
    else
        return forge::Error::invalid_argument("unknown ls-refs argument");
    return {};
}

forge::Result<bool> parse_deepen_argument(UploadPackV2::State& s, std::string_view argument)
{
    if (starts_with(argument, "shallow "))
        s.deepen.client_shallows.push_back(TRY(parse_object_id(argument.substr(8))));
    else if (starts_with(argument, "deepen "))
        s.deepen.depth = TRY(parse_depth(argument.substr(7)));
    else if (argument == "deepen-relative")
        s.deepen.relative = true;
    else if (starts_with(argument, "deepen-since "))
        s.deepen.since = TRY(parse_number(argument.substr(13), "deepen-since"));
    else if (starts_with(argument, "deepen-not "))
        s.deepen.not_refs.emplace_back(argument.substr(11));
    else
        return false;
    return true;
}

forge::Result<void> parse_fetch_argument(UploadPackV2::State& s, std::string_view argument)
{
    if (starts_with(argument, "want "))
        s.wants.push_back(TRY(parse_object_id(argument.substr(5))));
    else if (starts_with(argument, "want-ref "))
        s.wanted_refs.emplace_back("", std::string(argument.substr(9)));
    else if (starts_with(argument, "have "))
        s.haves.push_back(TRY(parse_object_id(argument.substr(5))));
    else if (argument == "done")
        s.done = true;
    else if (argument == "thin-pack")
        s.pack.thin = true;
    else if (argument == "no-progress")
        s.pack.progress = false;
    else if (argument == "include-tag")
        s.pack.include_tag = true;
    else if (argument == "ofs-delta")
        s.pack.ofs_delta = true;
    else if (argument == "wait-for-done")
        s.wait_for_done = true;
    else if (starts_with(argument, "filter ")) {
        s.pack.filter = std::string(argument.substr(7));
        if (!is_plausible_filter(s.pack.filter))
            return forge::Error::invalid_argument("invalid filter");
    } else if (!TRY(parse_deepen_argument(s, argument)))
        return forge::Error::invalid_argument("unknown fetch argument");
    return {};
}

// Resolves want-refs, checks that every want is reachable from a ref, and keeps only the
// haves the repository has.
forge::Result<void> check_fetch(UploadPackV2::State& s)
{
    auto listing = TRY(list_refs(s.repo));
    for (auto& [id, name] : s.wanted_refs) {
        for (const auto& ref : listing.refs) {
            if (ref.name == name)
                id = ref.id;
        }
        if (id.empty())
            return forge::Error::invalid_argument("unknown ref " + name);
        s.wants.push_back(id);
    }
    if (s.wants.empty())
        return forge::Error::invalid_argument("fetch without wants");
    std::vector<std::string> tips;
    for (const auto& ref : listing.refs)
        tips.push_back(ref.id);
    TRY(check_reachable(s.repo, s.wants, tips));
    s.seen_haves = !s.haves.empty();
    s.haves = TRY(existing_objects(s.repo, s.haves));
    s.deepen.wants = s.wants;
    s.shallow_info = s.deepen.deepens() || !s.deepen.client_shallows.empty();
    if (s.shallow_info)
        s.deepened = TRY(compute_deepen(s.repo, s.deepen));
    return {};
}

} // namespace

forge::Result<V2Request> read_v2_request(PacketInput& input, size_t max_lines)
{
    V2Request request;
    bool in_arguments = false;
    for (size_t lines = 0;; ++lines) {
        if (lines > max_lines)
            return forge::Error::invalid_argument("request too long");
        auto packet = TRY(input.next());
        if (!packet)
            return forge::Error::invalid_argument("truncated request");
        if (packet->type == PktType::flush)
            break;
        if (packet->type == PktType::delim && !in_arguments) {
            in_arguments = true;
            continue;
        }
        if (packet->type != PktType::data)
            return forge::Error::invalid_argument("unexpected packet in request");
        std::string line(chomp(packet->payload));
        if (in_arguments)
            request.arguments.push_back(std::move(line));
        else if (starts_with(line, "command="))
            request.command = line.substr(8);
        else
            request.capabilities.push_back(std::move(line));
    }
    if (request.command.empty())
        return forge::Error::invalid_argument("request without command");
    for (const auto& capability : request.capabilities) {
        if (starts_with(capability, "object-format=") && capability != "object-format=sha1")
            return forge::Error::invalid_argument("unsupported object format");
    }
    return request;
}

UploadPackV2::UploadPackV2(std::unique_ptr<State> state)
    : m_state(std::move(state))
{
}
UploadPackV2::UploadPackV2(UploadPackV2&&) noexcept = default;
UploadPackV2::~UploadPackV2() = default;

forge::Result<UploadPackV2> UploadPackV2::prepare(const fs::path& repo, V2Request request,
                                                  PackCache* cache)
{
    auto state = std::make_unique<State>();
    state->repo = repo;
    state->cache = cache;
    state->command = request.command;
    if (request.command == "ls-refs") {
        for (const auto& argument : request.arguments)
            TRY(parse_ls_refs_argument(*state, argument));
    } else if (request.command == "fetch") {
        for (const auto& argument : request.arguments)
            TRY(parse_fetch_argument(*state, argument));
        TRY(check_fetch(*state));
    } else {
        return forge::Error::invalid_argument("unknown command");
    }
    return UploadPackV2(std::move(state));
}

} // namespace gitcore

namespace gitcore {

namespace {

constexpr size_t sideband_limit = 65520;

bool matches_prefix(const std::vector<std::string>& prefixes, const std::string& name)
{
    if (prefixes.empty())
        return true;
    for (const auto& prefix : prefixes) {
        if (name.compare(0, prefix.size(), prefix) == 0)
            return true;
    }
    return false;
}

forge::Result<void> respond_ls_refs(const UploadPackV2::State& s, PacketOutput& out)
{
    auto listing = TRY(list_refs(s.repo));
    bool head_listed = !listing.refs.empty() && listing.refs.front().name == "HEAD";
    if (s.unborn && s.symrefs && !head_listed && !listing.head_target.empty() &&
        matches_prefix(s.prefixes, "HEAD"))
        TRY(out.text("unborn HEAD symref-target:" + listing.head_target));
    for (const auto& ref : listing.refs) {
        if (!matches_prefix(s.prefixes, ref.name))
            continue;
        std::string line = ref.id + " " + ref.name;
        if (s.symrefs && ref.symref_target)
            line += " symref-target:" + *ref.symref_target;
        if (s.peel && ref.peeled)
            line += " peeled:" + *ref.peeled;
        TRY(out.text(line));
    }
    TRY(out.flush_packet());
    return out.send();
}

// The acknowledgments section; true when the pack follows.
forge::Result<bool> acknowledge(const UploadPackV2::State& s, PacketOutput& out)
{
    // As git does: without haves there is nothing to acknowledge, the pack follows.
    if (s.done || !s.seen_haves)
        return true;
    bool ready = !s.wait_for_done && TRY(wants_covered(s.repo, s.wants, s.haves));
    TRY(out.text("acknowledgments"));
    for (const auto& have : s.haves)
        TRY(out.text("ACK " + have));
    if (s.haves.empty())
        TRY(out.text("NAK"));
    if (!ready) {
        TRY(out.flush_packet());
        TRY(out.send());
        return false;
    }
    TRY(out.text("ready"));
    TRY(out.delim_packet());
    return true;
}

forge::Result<void> send_shallow_info(UploadPackV2::State& s, PacketOutput& out)
{
    const auto& deepened = s.deepened;
    TRY(out.text("shallow-info"));
    for (const auto& id : deepened.shallow)
        TRY(out.text("shallow " + id));
    for (const auto& id : deepened.unshallow)
        TRY(out.text("unshallow " + id));
    TRY(out.delim_packet());
    s.pack.boundary = deepened.boundary;
    s.pack.wants.insert(s.pack.wants.end(), deepened.extra_wants.begin(),
                        deepened.extra_wants.end());
    s.pack.haves.insert(s.pack.haves.end(), deepened.unshallow.begin(), deepened.unshallow.end());
    return {};
}

forge::Result<void> respond_fetch(UploadPackV2::State& s, PacketOutput& out)
{
    if (!TRY(acknowledge(s, out)))
        return {};
    s.pack.wants = s.wants;
    s.pack.haves = s.haves;
    if (s.shallow_info)
        TRY(send_shallow_info(s, out));
    if (!s.wanted_refs.empty()) {
        TRY(out.text("wanted-refs"));
        for (const auto& [id, name] : s.wanted_refs)
            TRY(out.text(id + " " + name));
        TRY(out.delim_packet());
    }
    TRY(out.text("packfile"));
    TRY(stream_pack(s.repo, s.pack, out, sideband_limit, s.cache));
    TRY(out.flush_packet());
    return out.send();
}

} // namespace

forge::Result<void> UploadPackV2::respond(forge::ByteSink& sink)
{
    PacketOutput out(sink);
    if (m_state->command == "ls-refs")
        return respond_ls_refs(*m_state, out);
    return respond_fetch(*m_state, out);
}

} // namespace gitcore
