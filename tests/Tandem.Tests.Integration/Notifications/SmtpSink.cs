using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace Tandem.Tests.Integration.Notifications;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with its Mailbox handler, which stores every mail
/// it accepts in a maildir. Dispose kills it by pid and removes the directory.
/// </summary>
sealed class SmtpSink : IDisposable
{
    const string Python = "/usr/bin/python3";
    readonly Process process;
    readonly string dir;

    SmtpSink(Process process, string dir, int port)
    {
        this.process = process;
        this.dir = dir;
        Port = port;
    }

    public int Port { get; }

    string NewMail => Path.Combine(dir, "maildir", "new");

    public static async Task<SmtpSink> StartAsync()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-smtp-").FullName;
        var port = FreePort();
        var psi = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(dir, "maildir") })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("python3 did not start");
        _ = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var sink = new SmtpSink(process, dir, port);
        for (var i = 0; i < 200; i++)
        {
            if (process.HasExited)
            {
                sink.Dispose();
                throw new InvalidOperationException($"aiosmtpd exited: {await stderr} (is python3-aiosmtpd installed?)");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return sink;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }
        sink.Dispose();
        throw new TimeoutException("aiosmtpd did not listen within 10 s");
    }

    /// <summary>Mails received so far.</summary>
    public IReadOnlyList<MimeMessage> Messages =>
        Directory.Exists(NewMail) ? [.. Directory.GetFiles(NewMail).Order().Select(f => MimeMessage.Load(f))] : [];

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
                process.Kill();
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
