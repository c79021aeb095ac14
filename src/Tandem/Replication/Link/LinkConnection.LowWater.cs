using System.Net.Sockets;

namespace Tandem.Replication.Link;

internal sealed partial class LinkConnection
{
    /// <summary>The low-water mark is capped here (the kernel caps it at half the receive buffer as well).</summary>
    private const int MaxLowWater = 1024 * 1024;

    private int _lowWater = 1;

    /// <summary>
    /// Sets the socket's receive low-water mark (SO_RCVLOWAT) to the bytes the next read waits for, so the kernel wakes
    /// the reader once a large write's data is all there instead of once per segment: on a link busy with 1 MiB writes
    /// each wake-up costs the sending side's CPU a cross-CPU interrupt. Plain TCP only (TLS reads whole records).
    /// A socket that refuses the option keeps the default (1).
    /// </summary>
    private void SetReceiveLowWater(int bytes)
    {
        int mark = Math.Clamp(bytes, 1, MaxLowWater);
        if (mark == _lowWater || _lowWater == 0)
        {
            return;
        }

        try
        {
            _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReceiveLowWater, mark);
            _lowWater = mark;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            _lowWater = 0; // refused: leave the socket as it is
        }
    }
}
