using System.Buffers;
using System.Text.Json;

namespace Tandem.Control.Protocol;

/// <summary>Thrown for a control message that cannot be parsed or is too long; the connection is closed.</summary>
public sealed class ControlProtocolException(string message) : Exception(message);

/// <summary>
/// Frames: one UTF-8 JSON object terminated by '\n'. A line longer than <see cref="MaxLine"/> is refused
/// before anything is allocated for it.
/// </summary>
public static class ControlCodec
{
    public const int MaxLine = 1 << 20;

    /// <summary>Takes one complete line from <paramref name="buffer"/>; false when more bytes are needed.</summary>
    public static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var pos = buffer.PositionOf((byte)'\n');
        if (pos is null)
        {
            if (buffer.Length > MaxLine)
                throw new ControlProtocolException($"control message longer than {MaxLine} bytes");
            line = default;
            return false;
        }
        line = buffer.Slice(0, pos.Value);
        if (line.Length > MaxLine)
            throw new ControlProtocolException($"control message longer than {MaxLine} bytes");
        buffer = buffer.Slice(buffer.GetPosition(1, pos.Value));
        return true;
    }

    public static T Parse<T>(ReadOnlySequence<byte> line) where T : class
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            return JsonSerializer.Deserialize<T>(ref reader, ControlJson.Options)
                ?? throw new ControlProtocolException("empty control message");
        }
        catch (JsonException e)
        {
            throw new ControlProtocolException($"malformed control message: {e.Message}");
        }
    }

    public static byte[] Write<T>(T message)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, ControlJson.Options);
        Array.Resize(ref bytes, bytes.Length + 1);
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
