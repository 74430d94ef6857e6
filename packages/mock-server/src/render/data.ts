import { wantsJson } from "./responses.ts";
import { listToXml, toXml } from "./xml.ts";

/** A plex.tv success body: JSON when asked for, else XML with `xmlRoot` as the root element. */
export function plexTvData(request: Request, status: number, body: Record<string, unknown>, xmlRoot: string): Response {
  return wantsJson(request)
    ? new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } })
    : new Response(toXml(xmlRoot, body), { status, headers: { "content-type": "application/xml; charset=utf-8" } });
}

/** A plex.tv success body that is a top-level array (`/resources`): JSON when asked for, else XML. */
export function plexTvList(request: Request, status: number, items: readonly unknown[], xmlRoot: string): Response {
  return wantsJson(request)
    ? new Response(JSON.stringify(items), { status, headers: { "content-type": "application/json; charset=utf-8" } })
    : new Response(listToXml(xmlRoot, items), {
        status,
        headers: { "content-type": "application/xml; charset=utf-8" },
      });
}

/** A JSON body whatever the Accept header says, as plex.tv's `.json` paths answer. */
export function jsonData(status: number, body: Record<string, unknown>): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8" } });
}

/** A success without a body (`204 No Content` for sign-out and PIN linking). */
export function noContent(status: number): Response {
  return new Response(null, { status });
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
