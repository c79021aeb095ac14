using Tandem.Storage;

namespace Tandem.Nbd.Protocol;

/// <summary>Maps Linux errno values onto the restricted set of NBD error values and back.</summary>
public static class NbdErrorMapping
{
    private const int EDQUOT = 122;

    /// <summary>
    /// errno → NBD error. proto.md "Error values": EDQUOT and EFBIG SHOULD map to ENOSPC; a read-only
    /// refusal is EPERM. Anything without an NBD counterpart becomes EIO.
    /// </summary>
    public static NbdError FromErrno(int errno) => errno switch
    {
        0 => NbdError.None,
        Errno.EPERM or Errno.EACCES or Errno.EROFS => NbdError.Perm,
        Errno.EIO => NbdError.Io,
        Errno.ENOMEM => NbdError.NoMem,
        Errno.EINVAL => NbdError.Inval,
        Errno.ENOSPC or Errno.EFBIG or EDQUOT => NbdError.NoSpc,
        Errno.EOVERFLOW => NbdError.Overflow,
        Errno.EOPNOTSUPP => NbdError.NotSup,
        Errno.ESHUTDOWN => NbdError.Shutdown,
        _ => NbdError.Io,
    };

    /// <summary>
    /// NBD error → errno. proto.md: a client SHOULD treat an unexpected error value as EINVAL.
    /// </summary>
    public static int ToErrno(NbdError error) => error switch
    {
        NbdError.Perm => Errno.EPERM,
        NbdError.Io => Errno.EIO,
        NbdError.NoMem => Errno.ENOMEM,
        NbdError.Inval => Errno.EINVAL,
        NbdError.NoSpc => Errno.ENOSPC,
        NbdError.Overflow => Errno.EOVERFLOW,
        NbdError.NotSup => Errno.EOPNOTSUPP,
        NbdError.Shutdown => Errno.ESHUTDOWN,
        NbdError.None => 0,
        _ => Errno.EINVAL,
    };

    /// <summary>The strerror text of an NBD error, for messages.</summary>
    public static string Describe(NbdError error) => error switch
    {
        NbdError.None => "Success",
        NbdError.Perm => "Operation not permitted",
        NbdError.Io => "Input/output error",
        NbdError.NoMem => "Cannot allocate memory",
        NbdError.Inval => "Invalid argument",
        NbdError.NoSpc => "No space left on device",
        NbdError.Overflow => "Value too large for defined data type",
        NbdError.NotSup => "Operation not supported",
        NbdError.Shutdown => "Server is shutting down",
        _ => $"NBD error {(uint)error}",
    };
}
