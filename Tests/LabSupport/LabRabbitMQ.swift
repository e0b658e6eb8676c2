import Foundation

/// The lab's RabbitMQ (`scripts/lab neighbours up`, 127.0.0.3:5672).
public enum LabRabbitMQ {
    /// Consumes `notifications.info` (for up to 30 s) until the `image.create` notification of
    /// image `id` arrives; prints `event_type publisher_id name status` of it.
    public static func imageCreateNotification(of id: String, password: String) throws -> (status: Int32, output: String) {
        let consumer = """
            import json, time, kombu
            wanted = "\(id)"
            with kombu.Connection("amqp://glance:\(password)@127.0.0.3:5672//") as connection:
                channel, deadline = connection.channel(), time.time() + 30
                while time.time() < deadline:
                    try:
                        message = channel.basic_get(queue="notifications.info", no_ack=True)
                    except Exception:
                        channel, message = connection.channel(), None
                    if message is None:
                        time.sleep(0.3)
                        continue
                    envelope = json.loads(message.body)
                    body = json.loads(envelope["oslo.message"]) if "oslo.message" in envelope else envelope
                    payload = body.get("payload", {})
                    if body.get("event_type") == "image.create" and payload.get("id") == wanted:
                        print(body["event_type"], body["publisher_id"], payload["name"], payload["status"])
                        break
            """
        return try Lab.shell("/usr/bin/python3", "-", input: Data(consumer.utf8))
    }
}
