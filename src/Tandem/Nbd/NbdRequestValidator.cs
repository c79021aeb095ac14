using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

/// <summary>
/// Decides, without touching the target, whether a transmission request is acceptable
/// (proto.md "Request types", "Error values", "Size constraints").
/// </summary>
public static class NbdRequestValidator
{
    /// <summary>Returns <see cref="NbdError.None"/> when the request may be passed to the target, else the error to reply.</summary>
    public static NbdError Validate(in NbdRequest request, ulong exportSize, bool readOnly, int maxPayload = NbdLimits.MaxPayloadLength)
    {
        // FUA is valid on every command once NBD_FLAG_SEND_FUA is advertised; "SHOULD return EINVAL if it
        // receives a request with a flag not explicitly documented as applicable to the given request".
        NbdCommandFlags allowed = request.Command == NbdCommand.WriteZeroes
            ? NbdCommandFlags.Fua | NbdCommandFlags.NoHole
            : NbdCommandFlags.Fua;
        if ((request.Flags & ~allowed) != 0)
        {
            return NbdError.Inval;
        }

        bool inRange = request.Offset <= exportSize && request.Length <= exportSize - request.Offset;
        switch (request.Command)
        {
            case NbdCommand.Read:
                // "SHOULD return EINVAL if it receives a read or trim request including one or more sectors beyond the size".
                return request.Length > (uint)maxPayload || !inRange ? NbdError.Inval : NbdError.None;
            case NbdCommand.Write:
                // "SHOULD return ENOSPC if it receives a write request including one or more sectors beyond the size".
                if (request.Length > (uint)maxPayload)
                {
                    return NbdError.Inval;
                }

                return readOnly ? NbdError.Perm : inRange ? NbdError.None : NbdError.NoSpc;
            case NbdCommand.WriteZeroes:
                // "SHOULD return ENOSPC if it receives a write zeroes request including one or more sectors beyond the size".
                return readOnly ? NbdError.Perm : inRange ? NbdError.None : NbdError.NoSpc;
            case NbdCommand.Trim:
                return readOnly ? NbdError.Perm : inRange ? NbdError.None : NbdError.Inval;
            case NbdCommand.Flush:
            case NbdCommand.Disconnect:
                return NbdError.None;
            default:
                // "SHOULD return EINVAL if it receives an unknown command."
                return NbdError.Inval;
        }
    }
}
