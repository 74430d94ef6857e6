import { wantsJson } from "./responses.ts";
import { toXml } from "./xml.ts";

/** A plex.tv success body: JSON when asked for, else XML with `xmlRoot` as the root element. */
export function plexTvData(request: Request, status: number, body: Record<string, unknown>, xmlRoot: string): Response {
  return wantsJson(request)
    ? new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } })
    : new Response(toXml(xmlRoot, body), { status, headers: { "content-type": "application/xml; charset=utf-8" } });
}

/** A Plex Media Server success body: `{"MediaContainer":{…}}` as JSON when asked for, else `<MediaContainer …/>`. */
export function pmsData(request: Request, status: number, container: Record<string, unknown>): Response {
  return wantsJson(request)
    ? new Response(JSON.stringify({ MediaContainer: container }), {
        status,
        headers: { "content-type": "application/json" },
      })
    : new Response(toXml("MediaContainer", container), {
        status,
        headers: { "content-type": "text/xml;charset=utf-8" },
      });
}
