using System.Buffers;
using System.Text;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

public sealed partial class NbdClient
{
    /// <summary>Fixed newstyle negotiation: NBD_OPT_GO, or NBD_OPT_EXPORT_NAME if the server lacks GO.</summary>
    private async Task NegotiateAsync(string exportName, CancellationToken ct)
    {
        byte[] frame = new byte[NbdOptionReplyHeader.Size];
        await ReadHandshakeAsync(frame.AsMemory(0, NbdGreeting.Size), ct).ConfigureAwait(false);
        NbdGreeting.TryRead(frame, out NbdHandshakeFlags serverFlags);
        if ((serverFlags & NbdHandshakeFlags.FixedNewstyle) == 0)
        {
            throw new NbdProtocolException($"{_server} does not support fixed newstyle negotiation");
        }

        bool noZeroes = (serverFlags & NbdHandshakeFlags.NoZeroes) != 0;
        var output = new ArrayBufferWriter<byte>(256);
        NbdGreeting.WriteClientFlags(output.GetSpan(NbdGreeting.ClientFlagsSize),
            NbdClientFlags.FixedNewstyle | (noZeroes ? NbdClientFlags.NoZeroes : 0));
        output.Advance(NbdGreeting.ClientFlagsSize);
        var data = new ArrayBufferWriter<byte>(64);
        new NbdGoRequest(exportName, []).WriteData(data);
        NbdOptionHeader.Write(output, NbdOption.Go, data.WrittenSpan);
        await _stream.WriteAsync(output.WrittenMemory, ct).ConfigureAwait(false);

        ExportName = exportName;
        bool haveExport = false;
        while (true)
        {
            await ReadHandshakeAsync(frame, ct).ConfigureAwait(false);
            NbdOptionReplyHeader.TryRead(frame, out NbdOptionReplyHeader reply); // bounds the length
            byte[] payload = new byte[reply.Length];
            await ReadHandshakeAsync(payload, ct).ConfigureAwait(false);
            if (reply.Option != NbdOption.Go)
            {
                throw new NbdProtocolException($"{_server} answered option {reply.Option} to NBD_OPT_GO");
            }

            switch (reply.Type)
            {
                case NbdOptionReplyType.Info:
                    haveExport |= TakeInfo(NbdInfoReply.Parse(payload));
                    break;
                case NbdOptionReplyType.Ack when haveExport:
                    return;
                case NbdOptionReplyType.Ack:
                    throw new NbdProtocolException($"{_server} accepted NBD_OPT_GO without NBD_INFO_EXPORT");
                case NbdOptionReplyType.ErrUnsup:
                    NbdLog.ClientExportNameFallback(_log, _server);
                    await ExportNameAsync(exportName, noZeroes, ct).ConfigureAwait(false);
                    return;
                case var type when type.IsError():
                    string message = payload.Length > 0 ? ": " + Encoding.UTF8.GetString(payload) : "";
                    throw new NbdProtocolException($"{_server} refused export '{exportName}' ({type}){message}");
                default:
                    break; // unknown non-error replies are ignored
            }
        }
    }

    private bool TakeInfo(NbdInfoReply info)
    {
        switch (info.Type)
        {
            case NbdInfoType.Export:
                SizeBytes = info.ExportSize > long.MaxValue
                    ? throw new NbdProtocolException($"export size {info.ExportSize} is too large")
                    : (long)info.ExportSize;
                TransmissionFlags = info.TransmissionFlags;
                return true;
            case NbdInfoType.BlockSize when info.MaximumPayload > 0:
                MaxPayload = (int)Math.Min(info.MaximumPayload, (uint)NbdLimits.MaxPayloadLength);
                return false;
            default:
                return false;
        }
    }

    /// <summary>proto.md: NBD_OPT_EXPORT_NAME has no error reply; the server closes on an unknown export.</summary>
    private async Task ExportNameAsync(string exportName, bool noZeroes, CancellationToken ct)
    {
        byte[] name = Encoding.UTF8.GetBytes(exportName);
        var output = new ArrayBufferWriter<byte>(NbdOptionHeader.Size + name.Length);
        NbdOptionHeader.Write(output, NbdOption.ExportName, name);
        await _stream.WriteAsync(output.WrittenMemory, ct).ConfigureAwait(false);
        byte[] reply = new byte[NbdExportNameReply.SizeFor(noZeroes)];
        await ReadHandshakeAsync(reply, ct).ConfigureAwait(false);
        NbdExportNameReply.TryRead(reply, noZeroes, out ulong size, out NbdTransmissionFlags flags);
        TakeInfo(new NbdInfoReply(NbdInfoType.Export, ExportSize: size, TransmissionFlags: flags));
    }

    private async Task ReadHandshakeAsync(Memory<byte> destination, CancellationToken ct)
    {
        if (destination.Length > 0 && !await _input.ReadExactlyAsync(destination, ct).ConfigureAwait(false))
        {
            throw new NbdProtocolException($"{_server} closed the connection during negotiation");
        }
    }
}
