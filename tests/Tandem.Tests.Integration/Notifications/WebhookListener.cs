using System.Net;
using System.Text;

namespace Tandem.Tests.Integration.Notifications;

/// <summary>An HTTP endpoint on 127.0.0.1 that records each request and answers with a chosen status.</summary>
sealed class WebhookListener : IDisposable
{
    readonly HttpListener listener = new();
    readonly List<Request> requests = [];
    readonly Task loop;
    readonly HttpStatusCode status;

    public sealed record Request(string Method, string Path, string? ContentType, string Body);

    public WebhookListener(HttpStatusCode status = HttpStatusCode.NoContent)
    {
        this.status = status;
        for (var attempt = 0; ; attempt++)
        {
            Port = SmtpSink.FreePort();
            listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            try
            {
                listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                listener.Prefixes.Clear();
            }
        }
        loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path) => $"http://127.0.0.1:{Port}{path}";

    public IReadOnlyList<Request> Requests
    {
        get { lock (requests) return [.. requests]; }
    }

    async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (requests)
                requests.Add(new Request(context.Request.HttpMethod, context.Request.Url!.PathAndQuery, context.Request.ContentType, body));
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(10));
    }
}
