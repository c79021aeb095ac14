using System.Buffers;
using System.Text;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

public sealed partial class NbdServerHandshake
{
    /// <summary>NBD_OPT_EXPORT_NAME cannot return an error: an unknown export ends the session.</summary>
    private NbdHandshakeStep OnExportName(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (data.Length > NbdLimits.MaxStringLength || data.Contains((byte)0))
        {
            return Close("malformed export name in NBD_OPT_EXPORT_NAME");
        }

        string name = Encoding.UTF8.GetString(data);
        if (!TryResolve(name, out INbdExport? export))
        {
            return Close($"unknown export '{name}' in NBD_OPT_EXPORT_NAME");
        }

        Select(export);
        int length = NbdExportNameReply.SizeFor(NoZeroes);
        NbdExportNameReply.Write(output.GetSpan(length), ExportSize, ExportFlags, NoZeroes);
        output.Advance(length);
        Move(NbdHandshakeState.Transmission);
        return NbdHandshakeStep.Transmission;
    }

    private NbdHandshakeStep OnList(ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        if (data.Length != 0)
        {
            NbdOptionReplyWriter.WriteError(output, NbdOption.List, NbdOptionReplyType.ErrInvalid, "NBD_OPT_LIST takes no data");
            return NbdHandshakeStep.Continue;
        }

        foreach (string name in exports.Names)
        {
            if (exports.TryGetExport(name, out INbdExport? export))
            {
                NbdOptionReplyWriter.WriteServer(output, NbdOption.List, export.Name, export.Description);
            }
        }

        NbdOptionReplyWriter.WriteAck(output, NbdOption.List);
        return NbdHandshakeStep.Continue;
    }

    /// <summary>NBD_OPT_INFO / NBD_OPT_GO: NBD_REP_INFO replies (always NBD_INFO_EXPORT), then ACK or an error.</summary>
    private NbdHandshakeStep OnInfoOrGo(NbdOption option, ReadOnlySpan<byte> data, IBufferWriter<byte> output)
    {
        NbdGoRequest request;
        try
        {
            request = NbdGoRequest.Parse(data);
        }
        catch (NbdProtocolException e)
        {
            NbdOptionReplyWriter.WriteError(output, option, NbdOptionReplyType.ErrInvalid, e.Message);
            return NbdHandshakeStep.Continue;
        }

        if (!TryResolve(request.ExportName, out INbdExport? export))
        {
            NbdOptionReplyWriter.WriteError(output, option, NbdOptionReplyType.ErrUnknown,
                request.ExportName.Length == 0 ? "no default export" : $"export '{request.ExportName}' does not exist");
            return NbdHandshakeStep.Continue;
        }

        Select(export);
        NbdOptionReplyWriter.WriteInfoExport(output, option, ExportSize, ExportFlags);
        if (request.InfoRequests.Contains(NbdInfoType.Name))
        {
            NbdOptionReplyWriter.WriteInfoName(output, option, export.Name);
        }

        if (request.InfoRequests.Contains(NbdInfoType.Description) && export.Description.Length > 0)
        {
            NbdOptionReplyWriter.WriteInfoDescription(output, option, export.Description);
        }

        // Default constraints (byte granular, 4 KiB preferred, 32 MiB payload), sent as information only.
        NbdOptionReplyWriter.WriteInfoBlockSize(output, option,
            NbdLimits.MinimumBlockSize, NbdLimits.PreferredBlockSize, NbdLimits.MaxPayloadLength);
        NbdOptionReplyWriter.WriteAck(output, option);
        if (option != NbdOption.Go)
        {
            return NbdHandshakeStep.Continue;
        }

        Move(NbdHandshakeState.Transmission);
        return NbdHandshakeStep.Transmission;
    }

    /// <summary>The empty name is the default export when exactly one export exists.</summary>
    private bool TryResolve(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out INbdExport? export)
    {
        if (exports.TryGetExport(name, out export))
        {
            return true;
        }

        if (name.Length == 0)
        {
            string[] names = exports.Names.Take(2).ToArray();
            if (names.Length == 1)
            {
                return exports.TryGetExport(names[0], out export);
            }
        }

        return false;
    }

    private void Select(INbdExport export)
    {
        Export = export;
        ExportSize = (ulong)Math.Max(0, export.Target.SizeBytes);
        ExportFlags = ServedFlags | (export.ReadOnly ? NbdTransmissionFlags.ReadOnly : 0);
    }
}
