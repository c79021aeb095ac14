namespace Tandem.Nbd.Protocol;

/// <summary>16-bit handshake flags sent by the server (proto.md "Handshake flags").</summary>
[Flags]
public enum NbdHandshakeFlags : ushort
{
    None = 0,
    FixedNewstyle = 1 << 0,
    NoZeroes = 1 << 1,
}

/// <summary>32-bit client flags sent after the greeting (proto.md "Client flags").</summary>
[Flags]
public enum NbdClientFlags : uint
{
    None = 0,
    FixedNewstyle = 1 << 0,
    NoZeroes = 1 << 1,
}
