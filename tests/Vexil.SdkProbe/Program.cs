using System.Diagnostics;
using System.Globalization;
using Vexil.Sdk;
using Vexil.Sdk.Configuration;

// vexil-sdk-probe BASE_ADDRESS SDK_KEY FLAG[,FLAG…]
// Streams from BASE_ADDRESS and evaluates the flags in a loop on a thread of its own, about a thousand times a second.
// Prints "ready VERSION" once initialised (or "not-initialised" and exits 1 after 60 s), then every 200 ms
// "status EVALUATIONS FAILURES BACKWARDS VERSION MAX_EVALUATION_MICROSECONDS" (BACKWARDS: evaluations that saw the
// served version go back). Ends when its standard input ends or reads "stop".
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: vexil-sdk-probe BASE_ADDRESS SDK_KEY FLAG[,FLAG…]");
    return 2;
}

var flags = args[2].Split(',');
await using var client = new VexilClient(new VexilOptions
{
    SdkKey = args[1],
    BaseAddress = new Uri(args[0]),
    SendEvents = false,
    InitialReconnectDelay = TimeSpan.FromMilliseconds(200),
    MaxReconnectDelay = TimeSpan.FromSeconds(2),
    HeartbeatTimeout = TimeSpan.FromSeconds(35),
    StreamFailuresBeforePolling = int.MaxValue,
    RequestTimeout = TimeSpan.FromSeconds(5),
});
if (!await client.WaitForInitializationAsync(TimeSpan.FromSeconds(60)))
{
    Console.WriteLine("not-initialised " + client.Status.LastError);
    return 1;
}

Console.WriteLine("ready " + client.Status.Version.ToString(CultureInfo.InvariantCulture));
long evaluations = 0, failures = 0, backwards = 0, maxTicks = 0;
using var stop = new CancellationTokenSource();
var loop = new Thread(Evaluate) { IsBackground = true };
loop.Start();

void Evaluate()
{
    long last = 0;
    var i = 0;
    while (!stop.IsCancellationRequested)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            client.GetBoolean(flags[i++ % flags.Length], defaultValue: false);
            var version = client.Status.Version;
            if (version < last)
            {
                Interlocked.Increment(ref backwards);
            }

            last = version;
        }
        catch (Exception)
        {
            Interlocked.Increment(ref failures);
        }

        var elapsed = Stopwatch.GetTimestamp() - start;
        if (elapsed > Interlocked.Read(ref maxTicks))
        {
            Interlocked.Exchange(ref maxTicks, elapsed);
        }

        Interlocked.Increment(ref evaluations);
        if (i % 4 == 0)
        {
            Thread.Sleep(1);
        }
    }
}

var input = Task.Run(() =>
{
    string? line;
    while ((line = Console.ReadLine()) is not null && line != "stop")
    {
    }

    stop.Cancel();
});
while (!stop.IsCancellationRequested)
{
    var max = Stopwatch.GetElapsedTime(0, Interlocked.Read(ref maxTicks));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"status {Interlocked.Read(ref evaluations)} {Interlocked.Read(ref failures)} {Interlocked.Read(ref backwards)} {client.Status.Version} {(long)max.TotalMicroseconds}"));
    await Task.WhenAny(input, Task.Delay(200));
}

loop.Join();
return 0;
