// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/upload_pack_v0.h"

#include "gitcore/pack_objects.h"
#include "gitcore/packet_io.h"
#include "gitcore/reachability.h"
#include "gitcore/refs.h"
#include "gitcore/shallow.h"

#include <charconv>
#include <set>
#include <sstream>

namespace gitcore {

namespace fs = std::filesystem;

enum class AckMode { single, multi, detailed };

struct UploadPackV0::State {
    fs::path repo;
    PackCache* cache = nullptr;
    std::set<std::string> capabilities;
    std::vector<std::string> wants;
    std::vector<std::string> haves; // as sent, in order
    bool done = false;
    bool negotiates = true; // false: the request ended after the wants (a deepen probe)
    PackRequest pack;
    DeepenRequest deepen;
    DeepenResult deepened; // computed in prepare(), so that its errors become a 400

    bool has(const char* capability) const { return capabilities.count(capability) > 0; }
    AckMode ack_mode() const
    {
        return has("multi_ack_detailed") ? AckMode::detailed
               : has("multi_ack")        ? AckMode::multi
                                         : AckMode::single;
    }
    size_t max_packet() const
    {
        return has("side-band-64k") ? sideband_64k_max_packet
               : has("side-band")   ? sideband_max_packet
                                    : 0;
    }
};

namespace {

constexpr size_t max_request_lines = 1 << 20;

bool starts_with(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

forge::Result<int64_t> number(std::string_view text)
{
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || value < 0)
        return forge::Error::invalid_argument("invalid number");
    return value;
}

forge::Result<void> parse_want(UploadPackV0::State& s, std::string_view line)
{
    std::string_view rest = line.substr(5);
    std::string_view id = rest.substr(0, 40);
    s.wants.push_back(TRY(parse_object_id(id)));
    if (s.wants.size() == 1 && rest.size() > 41) {
        std::istringstream words{std::string(rest.substr(41))};
        std::string word;
        while (words >> word)
            s.capabilities.insert(word);
    }
    return {};
}

forge::Result<void> parse_need_line(UploadPackV0::State& s, std::string_view line)
{
    if (starts_with(line, "want "))
        return parse_want(s, line);
    if (starts_with(line, "shallow "))
        s.deepen.client_shallows.push_back(TRY(parse_object_id(line.substr(8))));
    else if (starts_with(line, "deepen-since "))
        s.deepen.since = TRY(number(line.substr(13)));
    else if (starts_with(line, "deepen-not "))
        s.deepen.not_refs.emplace_back(line.substr(11));
    else if (starts_with(line, "deepen "))
        s.deepen.depth = TRY(parse_depth(line.substr(7)));
    else if (starts_with(line, "filter ")) {
        s.pack.filter = std::string(line.substr(7));
        if (!is_plausible_filter(s.pack.filter))
            return forge::Error::invalid_argument("invalid filter");
    } else
        return forge::Error::invalid_argument("unexpected line in wants");
    return {};
}

enum class SectionEnd { flush, done, input };

// Reads lines until a flush, "done" or the end of the request; `on_line` gets each line
// without its line end.
template <typename OnLine>
forge::Result<SectionEnd> read_section(PacketInput& input, size_t& budget, OnLine on_line)
{
    while (true) {
        auto packet = TRY(input.next());
        if (!packet)
            return SectionEnd::input;
        if (packet->type == PktType::flush)
            return SectionEnd::flush;
        if (packet->type != PktType::data || budget-- == 0)
            return forge::Error::invalid_argument("malformed request");
        std::string_view line = chomp(packet->payload);
        if (line == "done")
            return SectionEnd::done;
        TRY(on_line(line));
    }
}

forge::Result<void> read_request(UploadPackV0::State& s, PacketInput& input)
{
    size_t budget = max_request_lines;
    auto end = TRY(read_section(input, budget,
                                [&s](std::string_view line) { return parse_need_line(s, line); }));
    if (end != SectionEnd::flush)
        return forge::Error::invalid_argument("wants must end with a flush");
    // A shallow client's first request stops after its wants: it asks only for the new
    // shallow boundary, and negotiation follows in the next request.
    end = TRY(read_section(input, budget, [&s](std::string_view line) -> forge::Result<void> {
        if (!starts_with(line, "have "))
            return forge::Error::invalid_argument("expected have lines");
        s.haves.push_back(TRY(parse_object_id(line.substr(5))));
        return {};
    }));
    s.done = end == SectionEnd::done;
    s.negotiates = !(end == SectionEnd::input && s.haves.empty());
    s.deepen.relative = s.has("deepen-relative");
    return {};
}

} // namespace

UploadPackV0::UploadPackV0(std::unique_ptr<State> state)
    : m_state(std::move(state))
{
}
UploadPackV0::UploadPackV0(UploadPackV0&&) noexcept = default;
UploadPackV0::~UploadPackV0() = default;

forge::Result<UploadPackV0> UploadPackV0::prepare(const fs::path& repo, PacketInput& input,
                                                  PackCache* cache)
{
    auto state = std::make_unique<State>();
    state->repo = repo;
    state->cache = cache;
    TRY(read_request(*state, input));
    if (state->wants.empty())
        return forge::Error::invalid_argument("no wants");
    auto listing = TRY(list_refs(repo));
    std::vector<std::string> tips;
    for (const auto& ref : listing.refs)
        tips.push_back(ref.id);
    TRY(check_reachable(repo, state->wants, tips));
    state->deepen.wants = state->wants;
    if (state->deepen.deepens())
        state->deepened = TRY(compute_deepen(repo, state->deepen));
    state->pack.thin = state->has("thin-pack");
    state->pack.ofs_delta = state->has("ofs-delta");
    state->pack.include_tag = state->has("include-tag");
    state->pack.progress = !state->has("no-progress") && state->max_packet() > 0;
    return UploadPackV0(std::move(state));
}

namespace {

forge::Result<void> send_shallow_update(UploadPackV0::State& s, PacketOutput& out)
{
    const auto& deepened = s.deepened;
    for (const auto& id : deepened.shallow)
        TRY(out.text("shallow " + id));
    for (const auto& id : deepened.unshallow)
        TRY(out.text("unshallow " + id));
    TRY(out.flush_packet());
    s.pack.boundary = deepened.boundary;
    s.pack.wants.insert(s.pack.wants.end(), deepened.extra_wants.begin(),
                        deepened.extra_wants.end());
    s.pack.haves.insert(s.pack.haves.end(), deepened.unshallow.begin(), deepened.unshallow.end());
    return {};
}

// The ACK/NAK lines of this round, as git's upload-pack writes them; true when the pack
// follows (the client said "done", or no-done and we said "ready").
forge::Result<bool> negotiate(UploadPackV0::State& s, PacketOutput& out,
                              std::vector<std::string>& commons)
{
    auto mode = s.ack_mode();
    auto existing = TRY(existing_objects(s.repo, s.haves));
    std::set<std::string> known(existing.begin(), existing.end());
    bool got_common = false, got_other = false, sent_ready = false, covered = false;
    std::string last;
    for (const auto& have : s.haves) {
        if (known.count(have)) {
            got_common = true;
            last = have;
            commons.push_back(have);
            covered = TRY(wants_covered(s.repo, s.wants, commons));
            if (mode == AckMode::detailed)
                TRY(out.text("ACK " + have + " common"));
            else if (mode == AckMode::multi)
                TRY(out.text("ACK " + have + " continue"));
            else if (commons.size() == 1)
                TRY(out.text("ACK " + have));
            continue;
        }
        got_other = true;
        if (mode != AckMode::single && covered) {
            sent_ready |= mode == AckMode::detailed;
            TRY(out.text("ACK " + have + (mode == AckMode::detailed ? " ready" : " continue")));
        }
    }
    if (s.done) {
        if (!commons.empty() && mode != AckMode::single)
            TRY(out.text("ACK " + last));
        else if (commons.empty())
            TRY(out.text("NAK"));
        return true;
    }
    if (mode == AckMode::detailed && got_common && !got_other && covered) {
        sent_ready = true;
        TRY(out.text("ACK " + last + " ready"));
    }
    if (commons.empty() || mode != AckMode::single)
        TRY(out.text("NAK"));
    if (s.has("no-done") && sent_ready) {
        TRY(out.text("ACK " + last));
        return true;
    }
    return false;
}

} // namespace

forge::Result<void> UploadPackV0::respond(forge::ByteSink& sink)
{
    State& s = *m_state;
    PacketOutput out(sink);
    s.pack.wants = s.wants;
    if (s.deepen.deepens())
        TRY(send_shallow_update(s, out));
    else
        s.pack.boundary = s.deepen.client_shallows;
    std::vector<std::string> commons;
    if (!s.negotiates || !TRY(negotiate(s, out, commons)))
        return out.send();
    s.pack.haves.insert(s.pack.haves.end(), commons.begin(), commons.end());
    TRY(stream_pack(s.repo, s.pack, out, s.max_packet(), s.cache));
    if (s.max_packet() > 0)
        TRY(out.flush_packet());
    return out.send();
}

} // namespace gitcore
