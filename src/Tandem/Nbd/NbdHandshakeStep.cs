namespace Tandem.Nbd;

/// <summary>What the transport does after feeding the handshake one input and sending its output.</summary>
public enum NbdHandshakeStep
{
    /// <summary>Read the next option.</summary>
    Continue,
    /// <summary>Close the connection.</summary>
    Close,
    /// <summary>Enter the transmission phase with <see cref="NbdServerHandshake.Export"/>.</summary>
    Transmission,
}
