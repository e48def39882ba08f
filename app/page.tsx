import { redirect } from "next/navigation";
import { sessionUserId } from "@/lib/auth";
import { organizationsOfUser } from "@/lib/orgs/queries";

export default async function Home() {
  const userId = await sessionUserId();
  if (!userId) redirect("/login");
  const [first] = await organizationsOfUser(userId);
  redirect(first ? `/${first.slug}` : "/onboarding");
}
