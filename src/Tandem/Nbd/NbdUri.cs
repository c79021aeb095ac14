namespace Tandem.Nbd;

/// <summary>
/// An NBD URI as understood by libnbd and qemu: <c>nbd+unix:///EXPORT?socket=PATH</c> or
/// <c>nbd://HOST[:PORT]/EXPORT</c>.
/// </summary>
public sealed record NbdUri(string ExportName, string? SocketPath, string? Host, int Port = NbdUri.DefaultPort)
{
    public const int DefaultPort = 10809;

    public static NbdUri Unix(string socketPath, string exportName = "") => new(exportName, socketPath, null);

    public static NbdUri Tcp(string host, int port, string exportName = "") => new(exportName, null, host, port);

    /// <exception cref="FormatException">Not an nbd:// or nbd+unix:// URI.</exception>
    public static NbdUri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri))
        {
            throw new FormatException($"'{text}' is not a URI");
        }

        string export = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        switch (uri.Scheme)
        {
            case "nbd+unix":
                string? socket = uri.Query.TrimStart('?').Split('&')
                    .Where(p => p.StartsWith("socket=", StringComparison.Ordinal))
                    .Select(p => Uri.UnescapeDataString(p["socket=".Length..]))
                    .FirstOrDefault();
                return socket is { Length: > 0 }
                    ? Unix(socket, export)
                    : throw new FormatException($"'{text}' has no socket= parameter");
            case "nbd":
                return Tcp(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? DefaultPort : uri.Port, export);
            default:
                throw new FormatException($"'{text}' is not an nbd:// or nbd+unix:// URI");
        }
    }

    public override string ToString() => SocketPath is not null
        ? $"nbd+unix:///{Uri.EscapeDataString(ExportName)}?socket={SocketPath}"
        : $"nbd://{Host}:{Port}/{Uri.EscapeDataString(ExportName)}";
}
