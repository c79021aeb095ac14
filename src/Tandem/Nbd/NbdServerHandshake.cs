using System.Buffers;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

/// <summary>
/// The server side of fixed newstyle negotiation (proto.md "Fixed newstyle negotiation", "Option types")
/// as a state machine: no sockets, no clock. The transport feeds it client flags and options and sends
/// whatever it writes to the output.
/// </summary>
public sealed partial class NbdServerHandshake(INbdExportProvider exports)
{
    /// <summary>A client that sends more options than this without choosing an export is cut off.</summary>
    public const int MaxOptions = 256;

    /// <summary>Everything this server supports; flush and FUA act on the shared target, so multi-conn is safe.</summary>
    public const NbdTransmissionFlags ServedFlags =
        NbdTransmissionFlags.HasFlags | NbdTransmissionFlags.SendFlush | NbdTransmissionFlags.SendFua |
        NbdTransmissionFlags.SendTrim | NbdTransmissionFlags.SendWriteZeroes | NbdTransmissionFlags.CanMultiConn;

    public const NbdHandshakeFlags ServerFlags = NbdHandshakeFlags.FixedNewstyle | NbdHandshakeFlags.NoZeroes;

    public NbdHandshakeState State { get; private set; } = NbdHandshakeState.Created;

    public bool NoZeroes { get; private set; }

    /// <summary>The export chosen for transmission (set when <see cref="State"/> is Transmission).</summary>
    public INbdExport? Export { get; private set; }

    /// <summary>Export size sent to the client; requests are checked against it.</summary>
    public ulong ExportSize { get; private set; }

    public NbdTransmissionFlags ExportFlags { get; private set; }

    /// <summary>Why the handshake ended in <see cref="NbdHandshakeState.Closed"/>.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Set by the transport while the server stops: options other than ABORT get NBD_REP_ERR_SHUTDOWN.</summary>
    public bool ShuttingDown { get; set; }

    public int OptionCount { get; private set; }

    public void WriteGreeting(IBufferWriter<byte> output)
    {
        Require(NbdHandshakeState.Created, "greeting");
        NbdGreeting.Write(output.GetSpan(NbdGreeting.Size), ServerFlags);
        output.Advance(NbdGreeting.Size);
        Move(NbdHandshakeState.AwaitingClientFlags);
    }

    /// <summary>proto.md "Client flags": the server MUST drop the connection on unknown flags.</summary>
    public NbdHandshakeStep OnClientFlags(NbdClientFlags flags)
    {
        Require(NbdHandshakeState.AwaitingClientFlags, "client flags");
        const NbdClientFlags known = NbdClientFlags.FixedNewstyle | NbdClientFlags.NoZeroes;
        if ((flags & ~known) != 0)
        {
            return Close($"unknown client flags 0x{(uint)flags:x8}");
        }

        NoZeroes = (flags & NbdClientFlags.NoZeroes) != 0;
        Move(NbdHandshakeState.AwaitingOption);
        return NbdHandshakeStep.Continue;
    }

    /// <summary>Handles one option whose data is complete; replies go to <paramref name="output"/>.</summary>
    public NbdHandshakeStep OnOption(NbdOption option, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        Require(NbdHandshakeState.AwaitingOption, $"option {option}");
        if (++OptionCount > MaxOptions)
        {
            return Close($"more than {MaxOptions} options without choosing an export");
        }

        if (ShuttingDown && option is not NbdOption.Abort)
        {
            if (option == NbdOption.ExportName)
            {
                return Close("server is shutting down");
            }

            NbdOptionReplyWriter.WriteError(output, option, NbdOptionReplyType.ErrShutdown, "server is shutting down");
            return NbdHandshakeStep.Continue;
        }

        return option switch
        {
            NbdOption.ExportName => OnExportName(data, output),
            NbdOption.Abort => OnAbort(output),
            NbdOption.List => OnList(data, output),
            NbdOption.Info or NbdOption.Go => OnInfoOrGo(option, data, output),
            _ => Unsupported(option, output),
        };
    }

    private NbdHandshakeStep Unsupported(NbdOption option, IBufferWriter<byte> output)
    {
        NbdOptionReplyWriter.WriteError(output, option, NbdOptionReplyType.ErrUnsup, $"option {(uint)option} is not supported");
        return NbdHandshakeStep.Continue;
    }

    private NbdHandshakeStep OnAbort(IBufferWriter<byte> output)
    {
        NbdOptionReplyWriter.WriteAck(output, NbdOption.Abort);
        return Close("client sent NBD_OPT_ABORT");
    }

    private NbdHandshakeStep Close(string reason)
    {
        CloseReason = reason;
        Move(NbdHandshakeState.Closed);
        return NbdHandshakeStep.Close;
    }

    private void Require(NbdHandshakeState expected, string input)
    {
        if (State != expected)
        {
            throw new InvalidOperationException($"NBD handshake cannot take {input} in state {State}");
        }
    }

    private void Move(NbdHandshakeState next) => State = next;
}
