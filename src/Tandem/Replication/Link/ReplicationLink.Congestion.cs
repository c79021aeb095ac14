using System.Net.Sockets;
using System.Text;

namespace Tandem.Replication.Link;

public sealed partial class ReplicationLink
{
    private const int IpProtoTcp = 6;
    private const int TcpCongestionOption = 13; // TCP_CONGESTION, linux/tcp.h

    private int _congestionRefused;

    /// <summary>
    /// Gives the socket the configured congestion control before it connects (an accepted one right after), so a host
    /// whose default was chosen for other traffic does not decide the link's. A kernel that refuses the name (not built,
    /// not allowed) leaves the host's default, said once per link.
    /// </summary>
    private void SetCongestion(Socket socket)
    {
        if (_settings.TcpCongestion is not { } algorithm || !OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            socket.SetRawSocketOption(IpProtoTcp, TcpCongestionOption, Encoding.ASCII.GetBytes(algorithm));
        }
        catch (SocketException e)
        {
            if (Interlocked.Exchange(ref _congestionRefused, 1) == 0)
            {
                ReplicationLinkLog.CongestionRefused(_log, _settings.Volume, algorithm, e.Message);
            }
        }
    }
}
