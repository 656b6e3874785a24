// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/packet_io.h"

#include <algorithm>
#include <cstring>

namespace gitcore {

namespace {

constexpr size_t read_size = 65536;
constexpr size_t send_threshold = 65536;

} // namespace

forge::Result<bool> PacketInput::fill(size_t wanted)
{
    if (m_position > 0 && m_position == m_buffer.size()) {
        m_buffer.clear();
        m_position = 0;
    }
    while (m_buffer.size() - m_position < wanted) {
        if (m_position > 0) { // keep the buffer from growing past one packet and one read
            m_buffer.erase(0, m_position);
            m_position = 0;
        }
        size_t old_size = m_buffer.size();
        m_buffer.resize(old_size + read_size);
        auto n = m_source.read(m_buffer.data() + old_size, read_size);
        m_buffer.resize(old_size + (n.is_error() ? 0 : n.value()));
        if (n.is_error())
            return n.release_error();
        if (n.value() == 0)
            return false;
    }
    return true;
}

forge::Result<std::optional<Pkt>> PacketInput::next()
{
    size_t wanted = pkt_header_size;
    while (true) {
        bool complete = TRY(fill(wanted));
        auto parsed = parse_pkt(std::string_view(m_buffer).substr(m_position));
        if (parsed.status == PktStatus::malformed)
            return forge::Error::invalid_argument(std::string(parsed.error));
        if (parsed.status == PktStatus::packet) {
            m_position += parsed.consumed;
            return std::optional<Pkt>(parsed.packet);
        }
        if (!complete) {
            if (m_buffer.size() == m_position)
                return std::optional<Pkt>();
            return forge::Error::invalid_argument("truncated pkt-line");
        }
        wanted = parsed.needed;
    }
}

forge::Result<size_t> PacketInput::read_raw(char* data, size_t size)
{
    if (m_position < m_buffer.size()) {
        size_t n = std::min(size, m_buffer.size() - m_position);
        std::memcpy(data, m_buffer.data() + m_position, n);
        m_position += n;
        return n;
    }
    return m_source.read(data, size);
}

forge::Result<void> PacketOutput::append(std::string_view bytes)
{
    m_pending.append(bytes);
    if (m_pending.size() >= send_threshold)
        return send();
    return {};
}

forge::Result<void> PacketOutput::data(std::string_view payload)
{
    return append(TRY(pkt_data(payload)));
}

forge::Result<void> PacketOutput::text(std::string_view line)
{
    return append(TRY(pkt_text(line)));
}

forge::Result<void> PacketOutput::flush_packet()
{
    return append(pkt_flush());
}

forge::Result<void> PacketOutput::delim_packet()
{
    return append(pkt_delim());
}

forge::Result<void> PacketOutput::sideband(int band, std::string_view bytes, size_t max_packet)
{
    return append(TRY(sideband_packets(band, bytes, max_packet)));
}

forge::Result<void> PacketOutput::send()
{
    if (m_pending.empty())
        return {};
    auto sent = m_sink.write(m_pending);
    m_pending.clear();
    return sent;
}

} // namespace gitcore
