using System.Buffers;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

internal sealed partial class NbdServerConnection
{
    /// <summary>Runs fixed newstyle negotiation; returns the chosen export, or null when the session ends.</summary>
    private async Task<(INbdExport Export, ulong Size)?> NegotiateAsync()
    {
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopReading.Token, timeout.Token);
        try
        {
            return await NegotiateAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !_stopReading.IsCancellationRequested)
        {
            NbdLog.HandshakeTimedOut(_log, Id, _options.HandshakeTimeout);
            return null;
        }
    }

    private async Task<(INbdExport Export, ulong Size)?> NegotiateAsync(CancellationToken ct)
    {
        var machine = new NbdServerHandshake(_exports);
        var output = new ArrayBufferWriter<byte>(512);
        machine.WriteGreeting(output);
        await FlushHandshakeAsync(output, ct).ConfigureAwait(false);

        byte[] header = new byte[NbdOptionHeader.Size];
        if (!await _input.ReadExactlyAsync(header.AsMemory(0, NbdGreeting.ClientFlagsSize), ct).ConfigureAwait(false))
        {
            return null;
        }

        NbdGreeting.TryReadClientFlags(header, out NbdClientFlags flags);
        if (machine.OnClientFlags(flags) == NbdHandshakeStep.Close)
        {
            NbdLog.HandshakeClosed(_log, Id, machine.CloseReason!);
            return null;
        }

        while (true)
        {
            if (!await _input.ReadExactlyAsync(header, ct).ConfigureAwait(false))
            {
                return null;
            }

            NbdOptionHeader.TryRead(header, out NbdOptionHeader option); // bounds the length, throws on bad magic
            byte[] data = new byte[option.Length];
            if (data.Length > 0 && !await _input.ReadExactlyAsync(data, ct).ConfigureAwait(false))
            {
                throw new EndOfStreamException("connection closed inside an option");
            }

            NbdHandshakeStep step = machine.OnOption(option.Option, data, output);
            await FlushHandshakeAsync(output, ct).ConfigureAwait(false);
            switch (step)
            {
                case NbdHandshakeStep.Close:
                    NbdLog.HandshakeClosed(_log, Id, machine.CloseReason!);
                    return null;
                case NbdHandshakeStep.Transmission:
                    NbdLog.ExportSelected(_log, Id, machine.Export!.Name, machine.ExportSize);
                    return (machine.Export, machine.ExportSize);
            }
        }
    }

    private async ValueTask FlushHandshakeAsync(ArrayBufferWriter<byte> output, CancellationToken ct)
    {
        if (output.WrittenCount > 0)
        {
            await _stream.WriteAsync(output.WrittenMemory, ct).ConfigureAwait(false);
            await _stream.FlushAsync(ct).ConfigureAwait(false);
            output.ResetWrittenCount();
        }
    }
}
