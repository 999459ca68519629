import NextAuth from "next-auth";
import { authOptions } from "@/lib/session/options";

// Built per request so that the options read the validated environment at run time, not at build.
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(request, context);
}

export { handler as GET, handler as POST };
