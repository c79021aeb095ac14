using System.Buffers;
using Tandem.Nbd.Protocol;

namespace Tandem.Tests.Unit.Nbd;

/// <summary>A hand-driven client for sending exactly the bytes a test wants, hostile ones included.</summary>
internal sealed class RawNbdSession(Stream stream, Task served)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public Stream Stream { get; } = stream;

    public Task Served { get; } = served;

    public ulong ExportSize { get; private set; }

    public async Task<NbdHandshakeFlags> ReadGreetingAsync()
    {
        byte[] greeting = await ReadAsync(NbdGreeting.Size);
        Assert.True(NbdGreeting.TryRead(greeting, out NbdHandshakeFlags flags));
        return flags;
    }

    public async Task GoAsync(string export)
    {
        await ReadGreetingAsync();
        var output = new ArrayBufferWriter<byte>();
        NbdGreeting.WriteClientFlags(output.GetSpan(4), NbdClientFlags.FixedNewstyle | NbdClientFlags.NoZeroes);
        output.Advance(4);
        var data = new ArrayBufferWriter<byte>();
        new NbdGoRequest(export, []).WriteData(data);
        NbdOptionHeader.Write(output, NbdOption.Go, data.WrittenSpan);
        await Stream.WriteAsync(output.WrittenMemory);
        while (true)
        {
            var (header, payload) = await ReadOptionReplyAsync();
            if (header.Type == NbdOptionReplyType.Info && NbdInfoReply.Parse(payload) is { Type: NbdInfoType.Export } info)
            {
                ExportSize = info.ExportSize;
            }

            if (header.Type == NbdOptionReplyType.Ack)
            {
                return;
            }

            Assert.False(header.Type.IsError(), $"GO failed: {header.Type}");
        }
    }

    public async Task<(NbdOptionReplyHeader Header, byte[] Payload)> ReadOptionReplyAsync()
    {
        Assert.True(NbdOptionReplyHeader.TryRead(await ReadAsync(NbdOptionReplyHeader.Size), out NbdOptionReplyHeader header));
        return (header, await ReadAsync((int)header.Length));
    }

    public async Task SendAsync(NbdRequest request, ReadOnlyMemory<byte> payload = default)
    {
        byte[] frame = new byte[NbdRequest.Size + payload.Length];
        request.Write(frame);
        payload.CopyTo(frame.AsMemory(NbdRequest.Size));
        await Stream.WriteAsync(frame);
    }

    public async Task SendRawAsync(byte[] bytes) => await Stream.WriteAsync(bytes);

    public async Task<NbdSimpleReply> ReadReplyAsync()
    {
        Assert.True(NbdSimpleReply.TryRead(await ReadAsync(NbdSimpleReply.Size), out NbdSimpleReply reply));
        return reply;
    }

    public async Task<byte[]> ReadAsync(int count)
    {
        byte[] buffer = new byte[count];
        await Stream.ReadExactlyAsync(buffer).AsTask().WaitAsync(Timeout);
        return buffer;
    }

    /// <summary>True when the server closed its side (the next read sees end of stream).</summary>
    public async Task<bool> ClosedByServerAsync()
    {
        byte[] one = new byte[1];
        return await Stream.ReadAsync(one).AsTask().WaitAsync(Timeout) == 0;
    }
}
