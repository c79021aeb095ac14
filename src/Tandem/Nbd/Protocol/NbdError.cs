namespace Tandem.Nbd.Protocol;

/// <summary>Error values of a transmission reply (proto.md "Error values"); zero is success.</summary>
public enum NbdError : uint
{
    None = 0,
    Perm = 1,
    Io = 5,
    NoMem = 12,
    Inval = 22,
    NoSpc = 28,
    Overflow = 75,
    NotSup = 95,
    Shutdown = 108,
}
