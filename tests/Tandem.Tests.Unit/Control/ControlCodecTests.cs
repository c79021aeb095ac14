using System.Buffers;
using System.Text;
using Tandem.Control.Protocol;

namespace Tandem.Tests.Unit.Control;

public sealed class ControlCodecTests
{
    [Fact]
    public void Request_round_trips_as_one_json_line()
    {
        var bytes = ControlCodec.Write(new ControlRequest("volume.primary", "r0", Force: true));
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.Contains("\"discard_my_data\":false", Encoding.UTF8.GetString(bytes));
        var seq = new ReadOnlySequence<byte>(bytes);
        Assert.True(ControlCodec.TryReadLine(ref seq, out var line));
        Assert.Equal(new ControlRequest("volume.primary", "r0", true, false), ControlCodec.Parse<ControlRequest>(line));
        Assert.True(seq.IsEmpty);
    }

    [Fact]
    public void A_partial_line_waits_for_more()
    {
        var seq = new ReadOnlySequence<byte>("{\"command\":\"sta"u8.ToArray());
        Assert.False(ControlCodec.TryReadLine(ref seq, out _));
    }

    [Fact]
    public void An_endless_line_is_refused_before_it_is_buffered_further()
    {
        var seq = new ReadOnlySequence<byte>(new byte[ControlCodec.MaxLine + 1]);
        Assert.Throws<ControlProtocolException>(() => ControlCodec.TryReadLine(ref seq, out _));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    public void Malformed_messages_are_typed_errors(string text)
    {
        var seq = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text));
        Assert.Throws<ControlProtocolException>(() => ControlCodec.Parse<ControlRequest>(seq));
    }
}
